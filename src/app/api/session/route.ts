import { NextResponse } from "next/server";

import { sessionRequestSchema } from "@/lib/schemas";
import { UnauthorizedError } from "@/server/errors";
import { route } from "@/server/http";
import { clearSession, createUser, readSession, writeSession } from "@/server/session";

/** Joins: `{ name, role, accessCode? }` → `{ user }` and a session cookie. */
export const POST = route(
  { auth: "none", rateLimit: { address: "session" }, body: { schema: sessionRequestSchema, maxBytes: 4_096 } },
  async ({ body }) => {
    const user = await createUser(body);
    const response = NextResponse.json({ user }, { status: 201 });
    await writeSession(response, user);
    return response;
  },
);

/** The signed-in user, or 401. */
export const GET = route({ auth: "none" }, async ({ request }) => {
  const user = await readSession(request);
  if (!user) throw new UnauthorizedError("Not signed in.");
  return NextResponse.json({ user }, { headers: { "Cache-Control": "no-store" } });
});

/** Signs out (same-site only: the wrapper checks the origin of cookie writes). */
export const DELETE = route({ auth: "none" }, () => {
  const response = NextResponse.json({ user: null });
  clearSession(response);
  return response;
});
