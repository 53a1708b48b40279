import { NextResponse } from "next/server";

import { classIdSchema } from "@/lib/classes";
import { classDetail } from "@/server/classes/class-service";
import { NotFoundError } from "@/server/errors";
import { route } from "@/server/http";

export const dynamic = "force-dynamic";

/** One class with who is live in it; 404 when no class has that id. Signed in, or the admin token. */
export const GET = route({ auth: "reader" }, async ({ request }) => {
  const id = classIdSchema.safeParse(lastSegment(request.url));
  const found = id.success ? await classDetail(id.data) : null;
  if (!found) throw new NotFoundError("No class has that id.");
  return NextResponse.json(found, { headers: { "cache-control": "no-store" } });
});

/** The URL's last path segment, decoded (a malformed escape reads as no id). */
function lastSegment(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split("/").at(-1) ?? "");
  } catch {
    return "";
  }
}
