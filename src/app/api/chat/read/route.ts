import { NextResponse } from "next/server";

import { readRequestSchema } from "@/lib/schemas";
import { markRead } from "@/server/chat/chat-changes";
import { route } from "@/server/http";

/** The signed-in user has read up to `{ seq }`; positions only move forward. Answers `{ lastReadSeq, epoch }`. */
export const POST = route(
  { auth: "session", rateLimit: { user: "chatReads" }, body: { schema: readRequestSchema, maxBytes: 1_024 } },
  async ({ user, body }) => NextResponse.json(await markRead(user, body.seq)),
);
