import "server-only";

import { callIdOf } from "@/lib/calls";
import { CHANNELS, classIdOfPresence, userChannel } from "@/lib/channels";
import type { SessionUser } from "@/lib/schemas";

import { authorizeCallChannel } from "./calls/call-auth";
import { ForbiddenError } from "./errors";
import { countChannelAuth } from "./monitor/app-metrics";
import { signChannelSubscription, type ChannelAuthResponse } from "./realtime-gateway";

/**
 * Signs a pusher-js subscription for the signed-in user: their own
 * `private-user-{id}` channel, `presence-chat` and any class's
 * `presence-class-{id}` (who has that class page open) with the identity
 * taken from the session, and `presence-call-{id}` for that call's participants
 * only (calls/call-auth.ts). Every other channel is refused (403).
 */
export async function authorizeChannel(user: SessionUser, socketId: string, channel: string): Promise<ChannelAuthResponse> {
  if (channel === userChannel(user.id)) {
    countChannelAuth("signed");
    return signChannelSubscription(socketId, channel);
  }
  if (channel === CHANNELS.presenceChat || classIdOfPresence(channel) !== null) {
    countChannelAuth("signed");
    return signChannelSubscription(socketId, channel, {
      user_id: user.id,
      user_info: { name: user.name, role: user.role },
    });
  }
  const callId = callIdOf(channel);
  if (callId !== null) return authorizeCallChannel(user, socketId, channel, callId);
  if (channel === CHANNELS.coaches && user.role === "coach") {
    countChannelAuth("signed");
    return signChannelSubscription(socketId, channel);
  }
  countChannelAuth("refused");
  throw new ForbiddenError(`You may not subscribe to ${channel}.`, "channel_forbidden");
}
