/**
 * Pusher Channels protocol 7: codes, limits and names.
 *
 * Pure data and functions, no sockets. Values follow hosted Pusher (see
 * /work/shared/reference/pusher-protocol.md); where hosted Pusher documents
 * nothing, the choice is explained beside the constant.
 */
import { EVENT_DATA_MAX_BYTES } from "../lib/limits";

/** The only protocol version spoken; pusher-js 8 sends `protocol=7`. */
export const PROTOCOL_VERSION = "7";

/**
 * WebSocket close codes. pusher-js gives up on 4001–4099, retries with
 * backoff on 4100–4199 and reconnects at once on 4200–4299.
 */
export const CloseCode = {
  APP_UNKNOWN: 4001,
  PATH_NOT_FOUND: 4005,
  UNSUPPORTED_PROTOCOL: 4007,
  NO_PROTOCOL: 4008,
  UNAUTHORIZED: 4009,
  OVER_CAPACITY: 4100,
  SERVER_CLOSING: 4200,
  PONG_NOT_RECEIVED: 4201,
} as const;

/**
 * Codes ≥ 4300 travel only inside `pusher:error`; the connection stays open.
 * Hosted Pusher documents 4301; 4300 and 4302 are ours, kept in its range.
 */
export const ErrorCode = {
  /** Unparseable, binary or unknown frame. */
  INVALID_MESSAGE: 4300,
  /** More than 10 client events in a second: the event is dropped. */
  CLIENT_EVENT_RATE_LIMIT: 4301,
  /** Client event on a public or unsubscribed channel, bad name or too big. */
  CLIENT_EVENT_REJECTED: 4302,
} as const;

/** Hosted Pusher's limits plus the bounds that keep memory finite. */
export const Limits = {
  CHANNEL_NAME_MAX: 164,
  EVENT_NAME_MAX: 200,
  DATA_MAX_BYTES: EVENT_DATA_MAX_BYTES,
  CHANNELS_PER_TRIGGER: 100,
  BATCH_MAX: 10,
  PRESENCE_MEMBERS_MAX: 100,
  USER_ID_MAX: 128,
  USER_INFO_MAX_BYTES: 1_024,
  CLIENT_EVENTS_PER_SECOND: 10,
  /**
   * Every frame a connection sends (pings, subscribes, client events, junk)
   * spends from a token bucket: 100 a second, 200 saved up. pusher-js sends
   * one subscribe per channel (at most 100 channels) when it connects, a
   * ping per activity timeout and at most 10 client events a second, so a
   * real client never comes near; a flooding one is closed (4100).
   */
  INBOUND_FRAMES_PER_SECOND: 100,
  INBOUND_FRAMES_BURST: 200,
  CHANNELS_PER_CONNECTION: 100,
  /** Larger WebSocket frames are refused by `ws` (close 1009) before buffering. */
  FRAME_MAX_BYTES: 100 * 1024,
  /** A socket with more unsent bytes than this is closed (4100) instead of buffering on. */
  SEND_BUFFER_MAX_BYTES: 1024 * 1024,
  REQUEST_BODY_MAX_BYTES: 1024 * 1024,
  TIMESTAMP_TOLERANCE_SECONDS: 600,
  /**
   * Nesting levels of arrays and objects in one client frame (the frame's own
   * object is one). Pusher documents none; real frames use three or four, and
   * deeper values would overflow the stack of recursive code (JSON.stringify).
   */
  JSON_DEPTH_MAX: 32,
} as const;

export const DEFAULT_ACTIVITY_TIMEOUT_SECONDS = 120;
export const DEFAULT_PONG_TIMEOUT_MS = 30_000;

const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]+$/;
const SOCKET_ID = /^\d+\.\d+$/;
const USER_CHANNEL_PREFIX = "#server-to-user-";

/** How a channel is joined: `public` needs no auth, `user` is the signed-in user's own channel. */
export type ChannelKind = "public" | "private" | "presence" | "user";

export interface ChannelType {
  kind: ChannelKind;
  /** Cache channels replay their last event to each new subscriber. */
  cache: boolean;
}

/** Classifies a channel name by prefix; does not validate it. */
export function classifyChannel(name: string): ChannelType {
  if (name.startsWith(USER_CHANNEL_PREFIX)) return { kind: "user", cache: false };
  if (name.startsWith("presence-")) return { kind: "presence", cache: name.startsWith("presence-cache-") };
  if (name.startsWith("private-")) {
    return { kind: "private", cache: name.startsWith("private-cache-") || name.startsWith("private-encrypted-cache-") };
  }
  return { kind: "public", cache: name.startsWith("cache-") };
}

/**
 * True for a name a client or the REST API may use: `[A-Za-z0-9_\-=@,.;]`,
 * 1–164 characters, or the reserved `#server-to-user-{id}` channel that
 * carries `sendToUser` events.
 */
export function isValidChannelName(name: string): boolean {
  if (name.startsWith(USER_CHANNEL_PREFIX)) {
    const userId = name.slice(USER_CHANNEL_PREFIX.length);
    return userId.length > 0 && userId.length <= Limits.USER_ID_MAX;
  }
  return name.length <= Limits.CHANNEL_NAME_MAX && CHANNEL_NAME.test(name);
}

/** The user whose private channel this is, or undefined for any other channel. */
export function userOfChannel(name: string): string | undefined {
  return name.startsWith(USER_CHANNEL_PREFIX) ? name.slice(USER_CHANNEL_PREFIX.length) : undefined;
}

/** Event names: 1–200 characters. */
export function isValidEventName(name: string): boolean {
  return name.length > 0 && name.length <= Limits.EVENT_NAME_MAX;
}

/** Events only the server may emit; neither clients nor the REST API may send them. */
export function isReservedEventName(name: string): boolean {
  return name.startsWith("pusher:") || name.startsWith("pusher_internal:");
}

export function isValidSocketId(id: string): boolean {
  return SOCKET_ID.test(id);
}

/** UTF-8 size, the unit of every byte limit. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** True when event data fits hosted Pusher's 10 KB limit. */
export function isDataWithinLimit(data: string): boolean {
  return byteLength(data) <= Limits.DATA_MAX_BYTES;
}

/** Why a WebSocket path or protocol version cannot be served. */
export interface HandshakeRefusal {
  code: number;
  message: string;
}

/**
 * Checks the upgrade URL `/app/{key}?protocol=7`. Returns undefined when the
 * connection may proceed, otherwise the close code to send.
 */
export function checkHandshake(pathname: string, query: URLSearchParams, appKey: string): HandshakeRefusal | undefined {
  const match = /^\/app\/([^/]+)\/?$/.exec(pathname);
  if (!match) return { code: CloseCode.PATH_NOT_FOUND, message: `Path not found: ${pathname.slice(0, 100)}` };
  if (decodeSegment(match[1]!) !== appKey) return { code: CloseCode.APP_UNKNOWN, message: "App key not in this cluster" };
  const protocol = query.get("protocol");
  if (!protocol) return { code: CloseCode.NO_PROTOCOL, message: "No protocol version supplied" };
  if (protocol !== PROTOCOL_VERSION) {
    return { code: CloseCode.UNSUPPORTED_PROTOCOL, message: `Unsupported protocol version ${protocol.slice(0, 20)}` };
  }
  return undefined;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
