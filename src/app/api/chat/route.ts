import { NextResponse } from "next/server";

import { chatQuerySchema, postMessageSchema } from "@/lib/schemas";
import { listMessages, postMessage } from "@/server/chat/chat-service";
import { route } from "@/server/http";

/** History, ascending by seq, and the store's epoch: `?limit=&before=` pages back, `?after=` catches up. */
export const GET = route({ auth: "session", query: chatQuerySchema }, async ({ query }) =>
  NextResponse.json(await listMessages(query), { headers: { "Cache-Control": "no-store" } }),
);

/** Posts `{ message, clientMessageId? }` as the signed-in user; the answer's message carries the epoch, as its event does. */
export const POST = route(
  { auth: "session", rateLimit: { user: "chat" }, body: { schema: postMessageSchema, maxBytes: 16_384 } },
  async ({ user, body }) => {
    const { message } = await postMessage(user, body);
    // A replay answers exactly as the first post did.
    return NextResponse.json({ message }, { status: 201 });
  },
);
