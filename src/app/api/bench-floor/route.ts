export const dynamic = "force-dynamic";

/**
 * The floor for the API benchmark (`npm run bench`, part c): a route handler
 * that does nothing but answer a fixed two-field JSON body, so the bench can
 * tell Next's own cost per request from the app's. Reads nothing, writes
 * nothing.
 */
export function GET() {
  return Response.json({ ok: true, floor: true });
}
