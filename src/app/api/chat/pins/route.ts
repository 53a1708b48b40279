import { NextResponse } from "next/server";

import { pinRequestSchema } from "@/lib/schemas";
import { setPinned } from "@/server/chat/chat-changes";
import { route } from "@/server/http";

/** Pins or unpins `{ messageId, pinned }` (coaches, or the admin token); answers every pin. */
export const POST = route(
  {
    auth: "coach",
    coachOnly: "Only coaches can pin messages.",
    rateLimit: { user: "chatPins", admin: "admin" },
    body: { schema: pinRequestSchema, maxBytes: 1_024 },
  },
  async ({ caller, body }) => NextResponse.json(await setPinned(caller.kind === "user" ? caller.user.name : "Admin", body)),
);
