import { NextResponse, type NextRequest } from "next/server";

import { channelAuthRequestSchema } from "@/lib/schemas";
import { authorizeChannel } from "@/server/channel-auth";
import { assertSameOrigin } from "@/server/guards";
import { clientIp, readForm, route } from "@/server/http";
import { takeRateLimit } from "@/server/rate-limit";
import { requireUser } from "@/server/session";

/** pusher-js channel authorization for private- and presence- channels. */
export const POST = route(async (request: NextRequest) => {
  assertSameOrigin(request);
  const limits = await takeRateLimit("channelAuth", clientIp(request));
  const { socket_id, channel_name } = await readForm(request, channelAuthRequestSchema);
  const user = await requireUser(request);
  return NextResponse.json(authorizeChannel(user, socket_id, channel_name), { headers: limits });
});
