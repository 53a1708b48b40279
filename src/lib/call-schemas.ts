/**
 * The server's zod schemas for calls: request bodies and the app events
 * sent on user channels. The browser checks the same shapes (and the
 * signalling it receives) with call-client-schemas.ts (zod/mini);
 * call-client-schemas.test.ts keeps both in step.
 */
import { z } from "zod";

import { MAX_CALL_PEOPLE } from "./calls";
import { channelIdSchema, roleSchema } from "./schemas";

export const participantStateSchema = z.enum(["invited", "joined", "declined", "left"]);
export type ParticipantState = z.infer<typeof participantStateSchema>;

export const callParticipantSchema = z.object({
  id: channelIdSchema,
  name: z.string().max(40),
  role: roleSchema,
  state: participantStateSchema,
});
export type CallParticipant = z.infer<typeof callParticipantSchema>;

/** One call as the store keeps it and the events carry it (a few hundred bytes). */
export const callSchema = z.object({
  id: channelIdSchema,
  video: z.boolean(),
  /** The coach who started it (also the first participant). */
  createdBy: channelIdSchema,
  createdAt: z.iso.datetime(),
  /** Invitations not answered by then count as unanswered. */
  ringUntil: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  participants: z.array(callParticipantSchema).min(2).max(MAX_CALL_PEOPLE),
});
export type Call = z.infer<typeof callSchema>;

/** `POST /api/calls`: whom to call (1 to 3 others), with video or voice only. */
export const startCallRequestSchema = z.strictObject({
  invitees: z
    .array(channelIdSchema, { error: "invitees must be a list of user ids." })
    .min(1, "Pick someone to call.")
    .max(MAX_CALL_PEOPLE - 1, `A call has at most ${MAX_CALL_PEOPLE} people, you included.`)
    .refine((ids) => new Set(ids).size === ids.length, "Each person is invited once."),
  video: z.boolean().default(true),
});
export type StartCallRequest = z.infer<typeof startCallRequestSchema>;

/** The `{id}` of `/api/calls/{id}/...`. */
export const callIdParamSchema = channelIdSchema;

/** `call-invite` and `call-update` on `private-user-{id}`: the call as it stands now. */
export const callEventSchema = z.object({ call: callSchema });
export type CallEvent = z.infer<typeof callEventSchema>;

/** One STUN or TURN server, as RTCPeerConnection takes it (validated from ICE_SERVERS in config/settings.ts). */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** What the start and accept routes answer: the call, and the ICE servers to use (TURN credentials only to participants). */
export interface CallJoinResponse {
  call: Call;
  iceServers: IceServer[];
}
