import { NextResponse } from "next/server";

import { channelAuthRequestSchema } from "@/lib/schemas";
import { authorizeChannel } from "@/server/channel-auth";
import { route } from "@/server/http";

/**
 * pusher-js channel authorization for private- and presence- channels.
 * Limited per signed-in user, with a far looser cap per address: a whole
 * team behind one gym Wi-Fi address signs in fine.
 */
export const POST = route(
  {
    auth: "session",
    rateLimit: { address: "channelAuthAddress", user: "channelAuth" },
    body: { schema: channelAuthRequestSchema, type: "form", maxBytes: 4_096 },
  },
  async ({ user, body }) => NextResponse.json(await authorizeChannel(user, body.socket_id, body.channel_name)),
);
