import "server-only";

import type { SessionUser } from "@/lib/schemas";

import { ForbiddenError } from "../errors";
import { countChannelAuth } from "../monitor/app-metrics";
import { signChannelSubscription, type ChannelAuthResponse } from "../realtime-gateway";
import { maySignal } from "./call-rules";
import { getCallStore } from "./call-store";

/**
 * Signs `presence-call-{id}` only for the call's participants who have not
 * declined or left, while the call lasts; the presence identity comes from
 * the session, so every signalling message carries its real sender.
 * Anyone else gets 403.
 */
export async function authorizeCallChannel(user: SessionUser, socketId: string, channel: string, callId: string): Promise<ChannelAuthResponse> {
  const call = await getCallStore().get(callId);
  if (!call || !maySignal(call, user.id)) {
    countChannelAuth("refused");
    throw new ForbiddenError(`You may not subscribe to ${channel}.`, "channel_forbidden");
  }
  countChannelAuth("signed");
  return signChannelSubscription(socketId, channel, { user_id: user.id, user_info: { name: user.name, role: user.role } });
}
