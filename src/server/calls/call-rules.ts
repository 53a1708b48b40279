import "server-only";

import type { Call, ParticipantState } from "@/lib/call-schemas";

import { HttpError } from "../errors";

/** The call does not exist (never, or no longer: records expire). */
export class CallNotFoundError extends HttpError {
  constructor() {
    super(404, "call_not_found", "That call does not exist or is over.");
  }
}

/** The caller is not one of the call's participants. */
export class NotInCallError extends HttpError {
  constructor() {
    super(403, "not_in_call", "You are not part of that call.");
  }
}

/** The call ended, or the invitation stopped ringing, before the answer. */
export class CallGoneError extends HttpError {
  constructor(message = "That call has ended.") {
    super(410, "call_ended", message);
  }
}

/** The answer contradicts an earlier one (declining a call you joined). */
export class CallConflictError extends HttpError {
  constructor(message: string) {
    super(409, "call_conflict", message);
  }
}

/** The states a participant may move to through the API. */
export type CallMove = Extract<ParticipantState, "joined" | "declined" | "left">;

const counts = (call: Call, now: Date) =>
  call.participants.filter((p) => p.state === "joined" || (p.state === "invited" && now < new Date(call.ringUntil)));

/**
 * One participant's answer applied to a call: the new call, or an
 * HttpError. Repeating an answer changes nothing (retries are safe). The
 * call ends when nobody has joined any more, or fewer than two people are
 * in it or still being rung.
 */
export function applyMove(call: Call, userId: string, move: CallMove, now: Date): Call {
  const me = call.participants.find((p) => p.id === userId);
  if (!me) throw new NotInCallError();
  if (me.state === move) return call;
  if (call.endedAt) {
    if (move === "joined") throw new CallGoneError();
    return call; // declining or leaving a call that is over: nothing to do
  }
  if (move === "joined") {
    if (me.state === "declined") throw new CallConflictError("You declined this call.");
    if (me.state === "invited" && now >= new Date(call.ringUntil)) throw new CallGoneError("That call stopped ringing.");
  }
  if (move === "declined" && me.state !== "invited") {
    if (me.state === "left") return call;
    throw new CallConflictError("You already answered this call; leave it instead.");
  }
  if (move === "left" && me.state === "declined") return call;

  const participants = call.participants.map((p) => (p.id === userId ? { ...p, state: move } : p));
  const next: Call = { ...call, participants };
  const remaining = counts(next, now);
  if (remaining.length < 2 || !remaining.some((p) => p.state === "joined")) next.endedAt = now.toISOString();
  return next;
}

/** Whether `userId` may use the call's channel now: a participant who has not declined or left, in a call not over. */
export function maySignal(call: Call, userId: string): boolean {
  if (call.endedAt) return false;
  const me = call.participants.find((p) => p.id === userId);
  return me?.state === "joined" || me?.state === "invited";
}
