/**
 * WebSocket frames: decoding what clients send (validated with zod) and
 * encoding what the server sends. Pure.
 *
 * Server → client `data` is always a JSON string (double encoded); client →
 * server `data` may be an object or a string, both are accepted.
 */
import { z } from "zod";
import { ErrorCode, isReservedEventName, isValidChannelName, isValidEventName, Limits } from "./protocol";

/** Everything a client may send, after validation. */
export type ClientFrame =
  | { type: "ping" }
  | { type: "pong" }
  | { type: "subscribe"; channel: string; auth: string | undefined; channelData: unknown }
  | { type: "unsubscribe"; channel: string }
  | { type: "signin"; auth: string; userData: string }
  | { type: "client-event"; event: string; channel: string; data: string };

/** A frame that cannot be acted on; sent back as `pusher:error` with `code`. */
export class FrameError extends Error {
  override name = "FrameError";
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export type DecodeResult = { ok: true; frame: ClientFrame } | { ok: false; error: FrameError };

const envelope = z.object({
  event: z.string(),
  channel: z.string().optional(),
  data: z.unknown().optional(),
});

const subscribeData = z.object({
  channel: z.string(),
  auth: z.string().optional(),
  channel_data: z.unknown().optional(),
});

const unsubscribeData = z.object({ channel: z.string() });

const signinData = z.object({ auth: z.string(), user_data: z.string() });

/**
 * True when `text`, read as JSON, nests arrays and objects more than
 * `maxDepth` levels deep. A linear scan that skips string contents; it does
 * not validate the JSON (JSON.parse does that after). Checked before parsing
 * because deep values overflow the stack of anything recursive that handles
 * them later (JSON.stringify, zod).
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) i += 1;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) {
      depth -= 1;
    }
  }
  return false;
}

const invalid = (message: string): DecodeResult => ({ ok: false, error: new FrameError(ErrorCode.INVALID_MESSAGE, message) });
const TOO_DEEP = `JSON nested more than ${Limits.JSON_DEPTH_MAX} levels deep`;

/** JSON.parse behind the depth bound: never throws, never recurses deeper than the bound. */
function parseBounded(text: string): { ok: true; value: unknown } | { ok: false; tooDeep: boolean } {
  if (exceedsJsonDepth(text, Limits.JSON_DEPTH_MAX)) return { ok: false, tooDeep: true };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, tooDeep: false };
  }
}

/** pusher: events carry an object, but some clients send it JSON-encoded. */
function objectData(data: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof data !== "string") return { ok: true, value: data };
  const parsed = parseBounded(data);
  if (parsed.ok) return parsed;
  return parsed.tooDeep ? { ok: false } : { ok: true, value: data };
}

/** Parses one text frame. Never throws. */
export function decodeClientFrame(text: string): DecodeResult {
  const parsedText = parseBounded(text);
  if (!parsedText.ok) return invalid(parsedText.tooDeep ? `Frame is ${TOO_DEEP}` : "Frame is not valid JSON");
  const json = parsedText.value;
  const parsed = envelope.safeParse(json);
  if (!parsed.success) return invalid("Frame must be a JSON object with a string `event`");
  const { event, channel, data } = parsed.data;

  const body = event.startsWith("pusher:") ? objectData(data) : { ok: true as const, value: data };
  if (!body.ok) return invalid(`${event.slice(0, 64)} data is ${TOO_DEEP}`);

  switch (event) {
    case "pusher:ping":
      return { ok: true, frame: { type: "ping" } };
    case "pusher:pong":
      return { ok: true, frame: { type: "pong" } };
    case "pusher:subscribe": {
      const parsedBody = subscribeData.safeParse(body.value);
      if (!parsedBody.success) return invalid("pusher:subscribe needs data.channel");
      const { channel: name, auth, channel_data: channelData } = parsedBody.data;
      return { ok: true, frame: { type: "subscribe", channel: name, auth, channelData } };
    }
    case "pusher:unsubscribe": {
      const parsedBody = unsubscribeData.safeParse(body.value);
      if (!parsedBody.success) return invalid("pusher:unsubscribe needs data.channel");
      return { ok: true, frame: { type: "unsubscribe", channel: parsedBody.data.channel } };
    }
    case "pusher:signin": {
      const parsedBody = signinData.safeParse(body.value);
      if (!parsedBody.success) return invalid("pusher:signin needs data.auth and data.user_data strings");
      return { ok: true, frame: { type: "signin", auth: parsedBody.data.auth, userData: parsedBody.data.user_data } };
    }
  }

  if (!event.startsWith("client-")) {
    if (isReservedEventName(event)) return invalid(`Unsupported event ${event.slice(0, 64)}`);
    return clientEventError("Client event names must start with client-");
  }
  if (!isValidEventName(event)) return clientEventError("Event name longer than 200 characters");
  if (channel === undefined || !isValidChannelName(channel)) return clientEventError("Client event needs a valid channel");
  const encoded = typeof data === "string" ? data : (JSON.stringify(data ?? null) ?? "null");
  return { ok: true, frame: { type: "client-event", event, channel, data: encoded } };
}

function clientEventError(message: string): DecodeResult {
  return { ok: false, error: new FrameError(ErrorCode.CLIENT_EVENT_REJECTED, message) };
}

/** Fields of a server → client frame; `data` objects are JSON-encoded once more. */
export interface ServerFrame {
  event: string;
  channel?: string;
  data?: unknown;
  user_id?: string;
}

/** Serializes a server frame with `data` as a JSON string. */
export function encodeFrame(frame: ServerFrame): string {
  const out: Record<string, unknown> = { event: frame.event };
  if (frame.channel !== undefined) out.channel = frame.channel;
  if (frame.data !== undefined) out.data = typeof frame.data === "string" ? frame.data : JSON.stringify(frame.data);
  if (frame.user_id !== undefined) out.user_id = frame.user_id;
  return JSON.stringify(out);
}

/** `pusher:error` with a code and message. */
export function errorFrame(code: number, message: string): string {
  return encodeFrame({ event: "pusher:error", data: { code, message } });
}

/** Why a subscription failed, in pusher-js's `pusher:subscription_error` shape. */
export interface SubscriptionFailure {
  type: "AuthError" | "LimitReached" | "BadRequest";
  error: string;
  status: 400 | 401 | 403;
}

export function subscriptionErrorFrame(channel: string, failure: SubscriptionFailure): string {
  return encodeFrame({ event: "pusher:subscription_error", channel, data: failure });
}
