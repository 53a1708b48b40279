import { NextResponse } from "next/server";

import { classListQuerySchema, startClassSchema } from "@/lib/classes";
import { idempotencyKeySchema } from "@/lib/schemas";
import { listClasses, startClass } from "@/server/classes/class-service";
import { parseWith, route } from "@/server/http";

export const dynamic = "force-dynamic";

/** The newest classes (`?limit=`, at most 50), each with who is live in it. Signed in, or the admin token. */
export const GET = route({ auth: "reader", query: classListQuerySchema }, async ({ query }) =>
  NextResponse.json(await listClasses(query.limit), { headers: { "cache-control": "no-store" } }),
);

/**
 * A coach (or the admin token) starts a class: `{ title, startsAt? }` → 201
 * `{ class, announced }`. The same `Idempotency-Key` again answers 200 with
 * the class it made.
 */
export const POST = route(
  {
    auth: "coach",
    coachOnly: "Only coaches can start classes.",
    rateLimit: { admin: "admin", user: "classes" },
    body: { schema: startClassSchema, maxBytes: 4_096 },
  },
  async ({ request, caller, user, body }) => {
    const header = request.headers.get("idempotency-key");
    const who = caller.kind === "admin" ? `admin:${caller.key}` : `user:${caller.user.id}`;
    const key = header === null ? undefined : `${who}:${parseWith(idempotencyKeySchema, header)}`;
    const started = await startClass(body, user, key);
    return NextResponse.json({ class: started.info, announced: started.announced }, { status: started.created ? 201 : 200 });
  },
);
