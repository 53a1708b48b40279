import "server-only";

import { randomUUID } from "node:crypto";

import type { Call, CallJoinResponse, StartCallRequest } from "@/lib/call-schemas";
import { CALL_EVENTS, RING_TIMEOUT_MS } from "@/lib/calls";
import { userChannel } from "@/lib/channels";
import type { SessionUser } from "@/lib/schemas";

import { ForbiddenError, RealtimeUnavailableError, ValidationError } from "../errors";
import { triggerBatch, type OutgoingEvent } from "../realtime-gateway";
import { getSettings } from "../settings";
import { getUserDirectory } from "../users/user-directory";
import type { CallMove } from "./call-rules";
import { getCallStore } from "./call-store";

/** `event` with the call as it stands, on the user channel of each participant in `to`. */
function eventsFor(call: Call, event: string, to: readonly string[]): OutgoingEvent[] {
  return to.map((id) => ({ channel: userChannel(id), name: event, data: { call } }));
}

/**
 * A coach calls 1 to 3 people they can see: the call is stored (the coach
 * as joined, the others as invited, ringing for RING_TIMEOUT_MS) and a
 * `call-invite` goes to each invitee's user channel. When no invitation
 * could be sent the call is ended again and the caller gets 503 (Retry).
 */
export async function startCall(coach: SessionUser, request: StartCallRequest, now = new Date()): Promise<CallJoinResponse> {
  if (coach.role !== "coach") throw new ForbiddenError("Only coaches can start calls.", "coach_only");
  if (request.invitees.includes(coach.id)) throw new ValidationError([{ path: "invitees", message: "You cannot call yourself." }]);
  const known = await getUserDirectory().users(request.invitees);
  const unknown = request.invitees.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new ValidationError(unknown.map((id) => ({ path: "invitees", message: `Nobody with id ${id} has joined.` })));

  const call: Call = {
    id: randomUUID(),
    video: request.video,
    createdBy: coach.id,
    createdAt: now.toISOString(),
    ringUntil: new Date(now.getTime() + RING_TIMEOUT_MS).toISOString(),
    endedAt: null,
    participants: [
      { id: coach.id, name: coach.name, role: coach.role, state: "joined" },
      ...request.invitees.map((id) => {
        const user = known.get(id)!;
        return { id, name: user.name, role: user.role, state: "invited" as const };
      }),
    ],
  };
  const store = getCallStore();
  await store.create(call);
  const { sent } = await triggerBatch(eventsFor(call, CALL_EVENTS.invite, request.invitees), "call invites");
  if (sent.length === 0) {
    await store.move(call.id, coach.id, "left", now);
    throw new RealtimeUnavailableError("unreachable", undefined, "Could not ring anyone; try again shortly.");
  }
  return { call, iceServers: getSettings().iceServers };
}

/**
 * One participant accepts (`joined`), declines or leaves. Stored first, then
 * the call as it now stands goes to every participant's user channel (so the
 * caller sees a decline, and your other tabs stop ringing). Repeating an
 * answer is safe. Throws the store's HttpErrors (404, 403, 409, 410).
 */
export async function answerCall(user: SessionUser, callId: string, move: CallMove, now = new Date()): Promise<Call> {
  const call = await getCallStore().move(callId, user.id, move, now);
  // Best effort after the store has it: the peers also see a leave through presence, and a ringing tab times out by itself.
  await triggerBatch(
    eventsFor(call, CALL_EVENTS.update, call.participants.map((p) => p.id)),
    "call updates",
  );
  return call;
}

/** Accepting: the call and the ICE servers to use (TURN credentials go only to participants). */
export async function joinCall(user: SessionUser, callId: string, now = new Date()): Promise<CallJoinResponse> {
  return { call: await answerCall(user, callId, "joined", now), iceServers: getSettings().iceServers };
}

/**
 * The calls ringing for `user` now (invited, not answered, still within the
 * ring time): what a tab opened or reconnected during an invitation shows.
 */
export async function ringingCalls(user: SessionUser, now = new Date()): Promise<Call[]> {
  const calls = await getCallStore().activeFor(user.id);
  return calls.filter((call) => now < new Date(call.ringUntil) && call.participants.some((p) => p.id === user.id && p.state === "invited"));
}
