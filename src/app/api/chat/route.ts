import { NextResponse, type NextRequest } from "next/server";

import { chatQuerySchema, postMessageSchema } from "@/lib/schemas";
import { listMessages, postMessage } from "@/server/chat/chat-service";
import { assertSameOrigin } from "@/server/guards";
import { readJson, readQuery, route } from "@/server/http";
import { takeRateLimit } from "@/server/rate-limit";
import { requireUser } from "@/server/session";

/** History, ascending by seq: `?limit=&before=` pages back, `?after=` catches up. */
export const GET = route(async (request: NextRequest) => {
  await requireUser(request);
  const page = listMessages(readQuery(request, chatQuerySchema));
  return NextResponse.json(page, { headers: { "Cache-Control": "no-store" } });
});

/** Posts `{ message, clientMessageId? }` as the signed-in user. */
export const POST = route(async (request: NextRequest) => {
  assertSameOrigin(request);
  const user = await requireUser(request);
  const limits = await takeRateLimit("chat", user.id);
  const input = await readJson(request, postMessageSchema);
  const { message } = await postMessage(user, input);
  // A replay answers exactly as the first post did.
  return NextResponse.json({ message }, { status: 201, headers: limits });
});
