import "server-only";

import { CHANNELS, userChannel } from "@/lib/channels";
import type { SessionUser } from "@/lib/schemas";

import { ForbiddenError } from "./errors";
import { countChannelAuth } from "./monitor/app-metrics";
import { signChannelSubscription, type ChannelAuthResponse } from "./realtime-gateway";

/**
 * Signs a pusher-js subscription for the signed-in user: their own
 * `private-user-{id}` channel, and `presence-chat` with the identity taken
 * from the session. Every other channel is refused (403).
 */
export function authorizeChannel(user: SessionUser, socketId: string, channel: string): ChannelAuthResponse {
  if (channel === userChannel(user.id)) {
    countChannelAuth("signed");
    return signChannelSubscription(socketId, channel);
  }
  if (channel === CHANNELS.presenceChat) {
    countChannelAuth("signed");
    return signChannelSubscription(socketId, channel, {
      user_id: user.id,
      user_info: { name: user.name, role: user.role },
    });
  }
  countChannelAuth("refused");
  throw new ForbiddenError(`You may not subscribe to ${channel}.`, "channel_forbidden");
}
