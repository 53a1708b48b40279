/**
 * Whether a `pusher:subscribe` may proceed: name, signature and presence
 * `channel_data` checks. Pure; the registry decides capacity afterwards.
 */
import { z } from "zod";
import type { SubscriptionFailure } from "./frames";
import { byteLength, classifyChannel, isValidChannelName, Limits, userOfChannel } from "./protocol";
import { verifyChannelAuth } from "./signature";

/** A presence member: one user, whatever the number of their connections. */
export interface PresenceMember {
  userId: string;
  /** Whatever the backend signed as `user_info`; null when it sent none. */
  userInfo: unknown;
}

export type SubscriptionCheck = { ok: true; member?: PresenceMember } | { ok: false; failure: SubscriptionFailure };

export interface SubscriptionRequest {
  key: string;
  secret: string;
  socketId: string;
  channel: string;
  auth: string | undefined;
  /** Must be the exact string the backend signed; anything else fails. */
  channelData: unknown;
  /** The user this connection signed in as with `pusher:signin`, if any. */
  signedInUserId: string | undefined;
}

const channelDataSchema = z.object({
  user_id: z.union([z.string().min(1), z.number().finite()]),
  user_info: z.unknown().optional(),
});

const fail = (type: SubscriptionFailure["type"], status: SubscriptionFailure["status"], error: string): SubscriptionCheck => ({
  ok: false,
  failure: { type, error, status },
});

/** Validates a subscription request; see the protocol reference for each rule. */
export function checkSubscription(request: SubscriptionRequest): SubscriptionCheck {
  const { channel } = request;
  if (!isValidChannelName(channel)) return fail("BadRequest", 400, "Invalid channel name");
  const { kind } = classifyChannel(channel);

  if (kind === "public") return { ok: true };
  if (kind === "user") {
    return userOfChannel(channel) === request.signedInUserId ? { ok: true } : fail("AuthError", 403, "Not signed in as this user");
  }

  const auth = request.auth ?? "";
  if (kind === "private") {
    return verifyChannelAuth(request.key, request.secret, { socketId: request.socketId, channel, auth })
      ? { ok: true }
      : fail("AuthError", 401, `Invalid signature for ${channel}`);
  }

  // Presence: the signature covers the exact channel_data string.
  if (typeof request.channelData !== "string") return fail("AuthError", 401, "Presence channels need channel_data");
  const channelData = request.channelData;
  if (!verifyChannelAuth(request.key, request.secret, { socketId: request.socketId, channel, auth, channelData })) {
    return fail("AuthError", 401, `Invalid signature for ${channel}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(channelData);
  } catch {
    return fail("BadRequest", 400, "channel_data is not JSON");
  }
  const parsed = channelDataSchema.safeParse(json);
  if (!parsed.success) return fail("BadRequest", 400, "channel_data needs a user_id string or number");
  const userId = String(parsed.data.user_id);
  if (userId.length > Limits.USER_ID_MAX) return fail("BadRequest", 400, "user_id longer than 128 characters");
  const userInfo = parsed.data.user_info ?? null;
  if (byteLength(JSON.stringify(userInfo)) > Limits.USER_INFO_MAX_BYTES) return fail("BadRequest", 400, "user_info larger than 1 KB");
  return { ok: true, member: { userId, userInfo } };
}
