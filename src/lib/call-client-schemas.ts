/**
 * What the browser checks about calls, in zod/mini: the app events on the
 * user's channel, the API's answers, and every signalling message another
 * browser sends (hostile until proven otherwise: unknown keys, oversized
 * SDP, odd types are all refused). Imported only by the lazy call chunk.
 */
import * as z from "zod/mini";

import type { Call, CallEvent, CallJoinResponse, IceServer } from "./call-schemas";
import { MAX_CALL_PEOPLE, MAX_ICE_PER_EVENT, MAX_SDP_CHARACTERS } from "./calls";
import { CHANNEL_ID_PATTERN } from "./channels";

type Schema<T> = z.ZodMiniType<T, unknown>;

const id = z.string().check(z.regex(CHANNEL_ID_PATTERN));
const isoDate = z.iso.datetime();

export const callSchema = z.object({
  id,
  video: z.boolean(),
  createdBy: id,
  createdAt: isoDate,
  ringUntil: isoDate,
  endedAt: z.nullable(isoDate),
  participants: z
    .array(
      z.object({
        id,
        name: z.string().check(z.maxLength(40)),
        role: z.enum(["athlete", "coach"]),
        state: z.enum(["invited", "joined", "declined", "left"]),
      }),
    )
    .check(z.minLength(2), z.maxLength(MAX_CALL_PEOPLE)),
}) satisfies Schema<Call>;

export const callEventSchema = z.object({ call: callSchema }) satisfies Schema<CallEvent>;

const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.optional(z.string()),
  credential: z.optional(z.string()),
}) satisfies Schema<IceServer>;

export const callJoinResponseSchema = z.object({ call: callSchema, iceServers: z.array(iceServerSchema) }) satisfies Schema<CallJoinResponse>;

/** `GET /api/calls`: the calls ringing for you, and the server's time to count their ring from. */
export const ringingCallsSchema = z.object({ calls: z.array(callSchema), now: isoDate });

// Signalling (client events on presence-call-{id}) -----------------------------

/** `client-signal`: an SDP offer or answer for one peer (`to`); the sender is the presence user id Pusher stamps on it. */
export const signalMessageSchema = z.strictObject({
  to: id,
  description: z.strictObject({
    type: z.enum(["offer", "answer"]),
    sdp: z.string().check(z.minLength(4), z.maxLength(MAX_SDP_CHARACTERS), z.startsWith("v=0")),
  }),
});
export type SignalMessage = z.infer<typeof signalMessageSchema>;

const candidateSchema = z.strictObject({
  candidate: z.string().check(z.maxLength(1_000)),
  sdpMid: z.nullable(z.string().check(z.maxLength(64))),
  sdpMLineIndex: z.nullable(z.int().check(z.gte(0), z.lte(64))),
  usernameFragment: z.optional(z.nullable(z.string().check(z.maxLength(256)))),
});

/** `client-ice`: ICE candidates for one peer, batched (client events are limited to 10 a second). */
export const iceMessageSchema = z.strictObject({
  to: id,
  candidates: z.array(candidateSchema).check(z.minLength(1), z.maxLength(MAX_ICE_PER_EVENT)),
});
export type IceMessage = z.infer<typeof iceMessageSchema>;

/** `client-media`: whether the sender's microphone and camera are on. */
export const mediaMessageSchema = z.strictObject({ audio: z.boolean(), video: z.boolean() });
export type MediaMessage = z.infer<typeof mediaMessageSchema>;

/** `client-hangup`: the sender leaves. */
export const hangupMessageSchema = z.strictObject({});
