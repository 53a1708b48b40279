import { NextResponse } from "next/server";

import { startCallRequestSchema } from "@/lib/call-schemas";
import { startCall } from "@/server/calls/call-service";
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
