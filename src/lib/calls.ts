/**
 * Voice and video calls: the names, limits and shapes the server, the
 * browser and the tests share. Isomorphic and dependency-free.
 *
 * A call is peer to peer (a WebRTC mesh); the app only keeps who is part of
 * it and carries the signalling as client events on the call's presence
 * channel, `presence-call-{id}`. Presence stamps each client event with its
 * sender's user id (set by the server at subscription) and announces who
 * drops, which a plain private channel would not.
 */

/** Most people in one call, the coach included (a mesh beyond this costs each phone too much upload). */
export const MAX_CALL_PEOPLE = 4;
/** How long an invitation rings before it counts as unanswered. */
export const RING_TIMEOUT_MS = 30_000;
/** Longest life of a call's record; the store forgets it after this. */
export const CALL_TTL_MS = 4 * 60 * 60 * 1000;
/** Calls the memory store keeps at most; the oldest go first. */
export const MAX_STORED_CALLS = 1_000;

export const CALL_CHANNEL_PREFIX = "presence-call-";

/** Events of calls: app events on `private-user-{id}`, client events on `presence-call-{id}`. */
export const CALL_EVENTS = {
  /** A coach invites you (on your user channel). */
  invite: "call-invite",
  /** Someone answered, declined or left, or the call ended (on every participant's user channel). */
  update: "call-update",
  /** An SDP offer or answer for one peer. */
  signal: "client-signal",
  /** A batch of ICE candidates for one peer. */
  ice: "client-ice",
  /** The sender's microphone and camera state. */
  media: "client-media",
  /** The sender leaves the call. */
  hangup: "client-hangup",
} as const;

/** The presence channel carrying one call's signalling. */
export function callChannel(callId: string): string {
  return `${CALL_CHANNEL_PREFIX}${callId}`;
}

/** The call id inside a call channel's name, or null for any other channel. */
export function callIdOf(channel: string): string | null {
  return channel.startsWith(CALL_CHANNEL_PREFIX) ? channel.slice(CALL_CHANNEL_PREFIX.length) || null : null;
}

/** Client events are limited to 10 a second per connection: ICE candidates wait this long to go out together. */
export const ICE_BATCH_MS = 250;
/** Most ICE candidates in one `client-ice` event. */
export const MAX_ICE_PER_EVENT = 20;
/** Longest SDP accepted in one `client-signal` (events stay under 10 KB). */
export const MAX_SDP_CHARACTERS = 9_000;
