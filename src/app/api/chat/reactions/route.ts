import { NextResponse } from "next/server";

import { reactorsQuerySchema, reactRequestSchema } from "@/lib/schemas";
import { listReactors, reactToMessage } from "@/server/chat/chat-changes";
import { route } from "@/server/http";

/** Sets the signed-in user's reaction `{ messageId, emoji, on }` on or off; answers the message as it is now. */
export const POST = route(
  { auth: "session", rateLimit: { user: "chatReactions" }, body: { schema: reactRequestSchema, maxBytes: 1_024 } },
  async ({ user, body }) => NextResponse.json(await reactToMessage(user, body)),
);

/** Who reacted `?messageId=&emoji=`, by name, with the exact count. */
export const GET = route({ auth: "session", rateLimit: { user: "chatLookups" }, query: reactorsQuerySchema }, async ({ query }) =>
  NextResponse.json(await listReactors(query.messageId, query.emoji), { headers: { "Cache-Control": "no-store" } }),
);
