import { describe, expect, it } from "vitest";

import { callReducer, endMessage, idleCall, type CallAction, type CallState } from "./call-machine";
import type { Call, ParticipantState } from "./call-schemas";

const call = (states: Partial<Record<"cora" | "ana" | "ben", ParticipantState>> = {}, endedAt: string | null = null): Call => ({
  id: "c1",
  video: true,
  createdBy: "cora",
  createdAt: "2026-12-03T10:00:00.000Z",
  ringUntil: "2026-12-03T10:00:30.000Z",
  endedAt,
  participants: [
    { id: "cora", name: "Cora", role: "coach", state: states.cora ?? "joined" },
    { id: "ana", name: "Ana", role: "athlete", state: states.ana ?? "invited" },
    ...(states.ben ? [{ id: "ben", name: "Ben", role: "athlete" as const, state: states.ben }] : []),
  ],
});

const run = (state: CallState, ...actions: CallAction[]) => actions.reduce(callReducer, state);

describe("callReducer (incoming: the athlete's tab)", () => {
  const ringing = run(idleCall, { type: "invited", call: call(), me: "ana" });

  it("rings on an invitation, then connects on accept and is in the call once a peer's media flows", () => {
    expect(ringing).toMatchObject({ phase: "ringing", direction: "incoming", me: "ana" });
    const connecting = run(ringing, { type: "accept" }, { type: "joined", call: call({ ana: "joined" }) });
    expect(connecting.phase).toBe("connecting");
    const inCall = run(connecting, { type: "peer-status", userId: "cora", status: "connected" });
    expect(inCall.phase).toBe("in-call");
    expect(inCall.peers).toEqual({ cora: "connected" });
  });

  it("ignores peer events while still ringing (no media before accepting)", () => {
    expect(run(ringing, { type: "peer-status", userId: "cora", status: "connected" })).toBe(ringing);
  });

  it("ends as declined, and back to idle on dismiss", () => {
    const declined = run(ringing, { type: "decline" });
    expect(declined).toMatchObject({ phase: "ended", endReason: "declined" });
    expect(run(declined, { type: "dismiss" })).toBe(idleCall);
  });

  it("ends as missed when nobody answers in time", () => {
    expect(run(ringing, { type: "ring-timeout" })).toMatchObject({ phase: "ended", endReason: "missed" });
  });

  it("stops ringing when another tab answered or declined, or the caller gave up", () => {
    expect(run(ringing, { type: "updated", call: call({ ana: "joined" }) }).endReason).toBe("answered-elsewhere");
    expect(run(ringing, { type: "updated", call: call({ ana: "declined" }) }).endReason).toBe("declined-elsewhere");
    expect(run(ringing, { type: "updated", call: call({ cora: "left" }, "2026-12-03T10:00:05.000Z") }).endReason).toBe("cancelled");
  });

  it("ignores a second invitation while busy, and updates of another call", () => {
    const busy = run(ringing, { type: "accept" });
    expect(run(busy, { type: "invited", call: { ...call(), id: "c2" }, me: "ana" })).toBe(busy);
    expect(run(busy, { type: "updated", call: { ...call({ cora: "left" }, "x"), id: "c2" } })).toBe(busy);
  });

  it("ends when the only other person hangs up or drops", () => {
    const inCall = run(ringing, { type: "accept" }, { type: "peer-status", userId: "cora", status: "connected" });
    expect(run(inCall, { type: "peer-left", userId: "cora" })).toMatchObject({ phase: "ended", endReason: "everyone-left", peers: {} });
  });

  it("ends when the server says the call is over", () => {
    const inCall = run(ringing, { type: "accept" }, { type: "peer-status", userId: "cora", status: "connected" });
    expect(run(inCall, { type: "updated", call: call({ ana: "joined", cora: "left" }, "2026-12-03T10:01:00.000Z") }).endReason).toBe("everyone-left");
  });
});

describe("callReducer (outgoing: the coach's tab)", () => {
  const dialing = run(idleCall, { type: "started", call: call({ ben: "invited" }), me: "cora" });

  it("rings until someone answers, then connects, then is in the call", () => {
    expect(dialing).toMatchObject({ phase: "ringing", direction: "outgoing" });
    const answered = run(dialing, { type: "updated", call: call({ ana: "joined", ben: "invited" }) });
    expect(answered.phase).toBe("connecting");
    expect(run(answered, { type: "peer-status", userId: "ana", status: "connected" }).phase).toBe("in-call");
  });

  it("ends with no answer at the timeout, or when everyone declined", () => {
    expect(run(dialing, { type: "ring-timeout" }).endReason).toBe("no-answer");
    const declined = run(dialing, { type: "updated", call: call({ ana: "declined", ben: "declined" }, "2026-12-03T10:00:09.000Z") });
    expect(declined.endReason).toBe("no-answer");
  });

  it("keeps the call while one of two athletes remains, and goes back to connecting when no media flows", () => {
    const both = run(
      dialing,
      { type: "updated", call: call({ ana: "joined", ben: "joined" }) },
      { type: "peer-status", userId: "ana", status: "connected" },
      { type: "peer-status", userId: "ben", status: "connected" },
    );
    const one = run(both, { type: "peer-left", userId: "ana" });
    expect(one).toMatchObject({ phase: "in-call", peers: { ben: "connected" } });
    expect(run(one, { type: "peer-status", userId: "ben", status: "reconnecting" }).phase).toBe("in-call");
    expect(run(one, { type: "peer-left", userId: "ben" }).endReason).toBe("everyone-left");
  });

  it("toggles mute and camera only during a call; a voice call starts with the camera off", () => {
    expect(run(dialing, { type: "toggle-mute" }).muted).toBe(true);
    expect(run(dialing, { type: "toggle-mute" }, { type: "toggle-mute" }).muted).toBe(false);
    expect(run(idleCall, { type: "toggle-mute" })).toBe(idleCall);
    expect(run(idleCall, { type: "started", call: { ...call(), video: false }, me: "cora" }).cameraOff).toBe(true);
  });

  it("records each peer's media state, and forgets it when they leave", () => {
    const withMedia = run(dialing, { type: "remote-media", userId: "ana", audio: false, video: true });
    expect(withMedia.remoteMedia).toEqual({ ana: { audio: false, video: true } });
    expect(run(withMedia, { type: "peer-left", userId: "ana" }).remoteMedia).toEqual({});
  });

  it("ends on hang-up and on failure with the message", () => {
    expect(run(dialing, { type: "hang-up" }).endReason).toBe("hung-up");
    const failed = run(dialing, { type: "failed", message: "No camera." });
    expect(failed).toMatchObject({ phase: "ended", endReason: "failed", error: "No camera." });
    expect(endMessage(failed.endReason, failed.error)).toBe("No camera.");
    expect(run(failed, { type: "hang-up" })).toBe(failed);
  });

  it("refuses a second outgoing call while one is active", () => {
    expect(run(dialing, { type: "started", call: { ...call(), id: "c2" }, me: "cora" })).toBe(dialing);
  });
});
