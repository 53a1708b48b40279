import { NextResponse } from "next/server";

import { chatQuerySchema, deleteMessageQuerySchema, editMessageSchema, postMessageSchema } from "@/lib/schemas";
import { deleteMessage, editMessage } from "@/server/chat/chat-changes";
import { listMessages, postMessage } from "@/server/chat/chat-service";
import { route } from "@/server/http";

/**
 * History, ascending by seq, with the store's epoch, `rev`, pins and the
 * reader's `lastReadSeq`: `?limit=&before=` pages back, `?after=` catches up,
 * `&changesSince=` adds the messages changed since that rev.
 */
export const GET = route({ auth: "session", query: chatQuerySchema }, async ({ query, user }) =>
  NextResponse.json(await listMessages(query, user.id), { headers: { "Cache-Control": "no-store" } }),
);

/** Posts `{ message, clientMessageId?, replyTo? }` as the signed-in user; the answer's message carries the epoch, as its event does. */
export const POST = route(
  { auth: "session", rateLimit: { user: "chat" }, body: { schema: postMessageSchema, maxBytes: 16_384 } },
  async ({ user, body }) => {
    const { message } = await postMessage(user, body);
    // A replay answers exactly as the first post did.
    return NextResponse.json({ message }, { status: 201 });
  },
);

/** Edits `{ messageId, message }`: the author, within 15 minutes of posting. */
export const PATCH = route(
  { auth: "session", rateLimit: { user: "chatChanges" }, body: { schema: editMessageSchema, maxBytes: 16_384 } },
  async ({ user, body }) => NextResponse.json(await editMessage(user, body)),
);

/** Deletes `?messageId=`: the author's own, or any for a coach. */
export const DELETE = route(
  { auth: "session", rateLimit: { user: "chatChanges" }, query: deleteMessageQuerySchema },
  async ({ user, query }) => NextResponse.json(await deleteMessage(user, query.messageId)),
);
