/**
 * The call as one browser tab sees it: a pure reducer, so every transition
 * is unit-tested without media or sockets.
 *
 *   idle → ringing → connecting → in-call → ended → idle
 *
 * `ringing` is an invitation shown to you (incoming) or your invitation
 * waiting for an answer (outgoing). `connecting` means someone answered and
 * media is being negotiated; `in-call` once one peer's media flows.
 */
import type { Call } from "./call-schemas";

export type CallPhase = "idle" | "ringing" | "connecting" | "in-call" | "ended";

export type EndReason =
  | "hung-up"
  | "declined"
  | "no-answer"
  | "missed"
  | "everyone-left"
  | "cancelled"
  | "answered-elsewhere"
  | "declined-elsewhere"
  | "failed";

export type PeerStatus = "connecting" | "connected" | "reconnecting";

export interface CallState {
  phase: CallPhase;
  direction: "incoming" | "outgoing" | null;
  call: Call | null;
  /** This tab's user id. */
  me: string | null;
  /** Peers whose connection is being made or is up, by user id. */
  peers: Record<string, PeerStatus>;
  /** Each peer's last announced microphone and camera state. */
  remoteMedia: Record<string, { audio: boolean; video: boolean }>;
  muted: boolean;
  cameraOff: boolean;
  endReason: EndReason | null;
  error: string | null;
}

export type CallAction =
  | { type: "invited"; call: Call; me: string }
  | { type: "started"; call: Call; me: string }
  | { type: "accept" }
  | { type: "joined"; call: Call }
  | { type: "updated"; call: Call }
  | { type: "peer-status"; userId: string; status: PeerStatus }
  | { type: "peer-left"; userId: string }
  | { type: "remote-media"; userId: string; audio: boolean; video: boolean }
  | { type: "ring-timeout" }
  | { type: "decline" }
  | { type: "hang-up" }
  | { type: "toggle-mute" }
  | { type: "toggle-camera" }
  | { type: "failed"; message: string }
  | { type: "dismiss" };

export const idleCall: CallState = {
  phase: "idle",
  direction: null,
  call: null,
  me: null,
  peers: {},
  remoteMedia: {},
  muted: false,
  cameraOff: false,
  endReason: null,
  error: null,
};

const active = (state: CallState) => state.phase !== "idle" && state.phase !== "ended";

function end(state: CallState, endReason: EndReason, error: string | null = null): CallState {
  return { ...state, phase: "ended", peers: {}, endReason, error };
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}

/** Whether anyone but `me` is still part of the call (answered, or still being rung). */
export function othersRemain(call: Call, me: string): boolean {
  return call.participants.some((p) => p.id !== me && (p.state === "joined" || p.state === "invited"));
}

/** The others in the call: the people a tab in it connects to (joined) or waits for (invited). */
export function otherParticipants(call: Call, me: string) {
  return call.participants.filter((p) => p.id !== me);
}

function onUpdate(state: CallState, call: Call): CallState {
  if (!state.call || state.call.id !== call.id || !active(state)) return state;
  const mine = call.participants.find((p) => p.id === state.me);
  const next = { ...state, call };
  if (state.phase === "ringing" && state.direction === "incoming") {
    // This tab rang but did not answer: another tab of yours did, or declined.
    if (mine?.state === "joined") return end(next, "answered-elsewhere");
    if (mine?.state === "declined") return end(next, "declined-elsewhere");
    if (call.endedAt) return end(next, "cancelled");
    return next;
  }
  if (call.endedAt || !othersRemain(call, state.me!)) return end(next, state.phase === "ringing" ? "no-answer" : "everyone-left");
  // Someone answered my invitation: media negotiation starts.
  if (state.phase === "ringing" && call.participants.some((p) => p.id !== state.me && p.state === "joined")) {
    return { ...next, phase: "connecting" };
  }
  return next;
}

/** The one transition function of a tab's call. Actions that do not fit the phase leave the state as it is. */
export function callReducer(state: CallState, action: CallAction): CallState {
  switch (action.type) {
    case "invited":
      // Busy in another call: the invitation is ignored here (the hook declines it).
      if (active(state)) return state;
      return { ...idleCall, phase: "ringing", direction: "incoming", call: action.call, me: action.me };
    case "started":
      if (active(state)) return state;
      return { ...idleCall, phase: "ringing", direction: "outgoing", call: action.call, me: action.me, cameraOff: !action.call.video };
    case "accept":
      if (state.phase !== "ringing" || state.direction !== "incoming") return state;
      return { ...state, phase: "connecting", cameraOff: !state.call!.video };
    case "joined":
      if (state.phase !== "connecting" || state.call?.id !== action.call.id) return state;
      return { ...state, call: action.call };
    case "updated":
      return onUpdate(state, action.call);
    case "peer-status": {
      if (!active(state) || state.phase === "ringing" && state.direction === "incoming") return state;
      const peers = { ...state.peers, [action.userId]: action.status };
      const anyUp = Object.values(peers).includes("connected");
      const phase = anyUp ? "in-call" : state.phase === "ringing" ? "connecting" : state.phase;
      return { ...state, peers, phase };
    }
    case "peer-left": {
      if (!active(state) || !state.call) return state;
      const peers = without(state.peers, action.userId);
      const remoteMedia = without(state.remoteMedia, action.userId);
      const call = {
        ...state.call,
        participants: state.call.participants.map((p) => (p.id === action.userId && p.state === "joined" ? { ...p, state: "left" as const } : p)),
      };
      const next = { ...state, peers, remoteMedia, call };
      if (state.phase === "ringing" && state.direction === "incoming") return action.userId === call.createdBy ? end(next, "cancelled") : next;
      if (!othersRemain(call, state.me!)) return end(next, "everyone-left");
      if (!Object.values(peers).includes("connected") && state.phase === "in-call") return { ...next, phase: "connecting" };
      return next;
    }
    case "remote-media":
      if (!active(state)) return state;
      return { ...state, remoteMedia: { ...state.remoteMedia, [action.userId]: { audio: action.audio, video: action.video } } };
    case "ring-timeout":
      if (state.phase !== "ringing") return state;
      return end(state, state.direction === "incoming" ? "missed" : "no-answer");
    case "decline":
      if (state.phase !== "ringing" || state.direction !== "incoming") return state;
      return end(state, "declined");
    case "hang-up":
      if (!active(state)) return state;
      return end(state, "hung-up");
    case "toggle-mute":
      return active(state) ? { ...state, muted: !state.muted } : state;
    case "toggle-camera":
      return active(state) ? { ...state, cameraOff: !state.cameraOff } : state;
    case "failed":
      return active(state) ? end(state, "failed", action.message) : state;
    case "dismiss":
      return state.phase === "ended" ? idleCall : state;
  }
}

/** What to tell the person when a call ends, by reason. */
export function endMessage(reason: EndReason | null, error: string | null): string {
  switch (reason) {
    case "hung-up":
      return "You left the call.";
    case "declined":
      return "You declined the call.";
    case "no-answer":
      return "Nobody answered.";
    case "missed":
      return "You missed a call.";
    case "everyone-left":
      return "The call ended: everyone else left.";
    case "cancelled":
      return "The caller hung up.";
    case "answered-elsewhere":
      return "Answered in another tab.";
    case "declined-elsewhere":
      return "Declined in another tab.";
    case "failed":
      return error ?? "The call could not continue.";
    default:
      return "The call ended.";
  }
}
