import { NextResponse } from "next/server";

import { startCallRequestSchema } from "@/lib/call-schemas";
import { ringingCalls, startCall } from "@/server/calls/call-service";
import { route } from "@/server/http";

/** A coach (a person: session only, no admin token) calls 1 to 3 people: `{ invitees: userId[], video? }` → 201 `{ call, iceServers }`; each invitee's tabs ring. */
export const POST = route(
  {
    auth: "session",
    rateLimit: { user: "calls" },
    body: { schema: startCallRequestSchema, maxBytes: 4_096 },
  },
  async ({ user, body }) => NextResponse.json(await startCall(user, body), { status: 201 }),
);

/** The calls ringing for you now, with the server's time (`ringUntil` is on its clock): `{ calls, now }`. */
export const GET = route({ auth: "session", rateLimit: { user: "callAnswers" } }, async ({ user }) => {
  const now = new Date();
  return NextResponse.json({ calls: await ringingCalls(user, now), now: now.toISOString() }, { headers: { "Cache-Control": "no-store" } });
});
