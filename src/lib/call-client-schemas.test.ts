import { describe, expect, it } from "vitest";

import * as client from "./call-client-schemas";
import * as server from "./call-schemas";
import { MAX_ICE_PER_EVENT, MAX_SDP_CHARACTERS } from "./calls";

const call = {
  id: "2f1c5a9e-5b7a-4b8e-9a3c-0d2e4f6a8b1c",
  video: true,
  createdBy: "cora",
  createdAt: "2026-12-03T10:00:00.000Z",
  ringUntil: "2026-12-03T10:00:30.000Z",
  endedAt: null,
  participants: [
    { id: "cora", name: "Cora", role: "coach", state: "joined" },
    { id: "ana", name: "Ana", role: "athlete", state: "invited" },
  ],
};
const person = (id: string) => ({ id, name: id, role: "athlete", state: "invited" });

describe("call event schemas: the browser judges like the server", () => {
  it.each([
    ["a call", { call }, true],
    ["an ended call", { call: { ...call, endedAt: "2026-12-03T10:05:00.000Z" } }, true],
    ["one person only", { call: { ...call, participants: [call.participants[0]] } }, false],
    ["five people", { call: { ...call, participants: [...call.participants, person("a"), person("b"), person("c")] } }, false],
    ["an unknown state", { call: { ...call, participants: [call.participants[0], { ...person("x"), state: "ringing" }] } }, false],
    ["an id that cannot be in a channel name", { call: { ...call, id: "a b" } }, false],
    ["a date that is not ISO", { call: { ...call, createdAt: "yesterday" } }, false],
    ["no call", {}, false],
    ["null", null, false],
  ])("%s", (_, sample, valid) => {
    expect(server.callEventSchema.safeParse(sample).success).toBe(valid);
    expect(client.callEventSchema.safeParse(sample).success).toBe(valid);
  });
});

describe("signalling messages refuse hostile payloads", () => {
  const sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n";
  const candidate = { candidate: "candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host", sdpMid: "0", sdpMLineIndex: 0, usernameFragment: "abcd" };

  it("accepts an offer, an answer, a batch of candidates, a media state and a hang-up", () => {
    expect(client.signalMessageSchema.safeParse({ to: "ana", description: { type: "offer", sdp } }).success).toBe(true);
    expect(client.signalMessageSchema.safeParse({ to: "ana", description: { type: "answer", sdp } }).success).toBe(true);
    expect(client.iceMessageSchema.safeParse({ to: "ana", candidates: [candidate, { ...candidate, sdpMid: null, sdpMLineIndex: null }] }).success).toBe(true);
    expect(client.mediaMessageSchema.safeParse({ audio: false, video: true }).success).toBe(true);
    expect(client.hangupMessageSchema.safeParse({}).success).toBe(true);
  });

  it.each([
    ["a rollback or pranswer type", { to: "ana", description: { type: "rollback", sdp } }],
    ["an SDP that is not one", { to: "ana", description: { type: "offer", sdp: "<script>alert(1)</script>" } }],
    ["an SDP past the limit", { to: "ana", description: { type: "offer", sdp: `v=0${"a".repeat(MAX_SDP_CHARACTERS)}` } }],
    ["a number for the SDP", { to: "ana", description: { type: "offer", sdp: 42 } }],
    ["no recipient", { description: { type: "offer", sdp } }],
    ["a recipient that is no id", { to: "../../etc", description: { type: "offer", sdp } }],
    ["an extra key (a forged sender)", { to: "ana", from: "cora", description: { type: "offer", sdp } }],
    ["an extra key inside", { to: "ana", description: { type: "offer", sdp, extra: 1 } }],
    ["a prototype key", JSON.parse(`{"to":"ana","description":{"type":"offer","sdp":"v=0"},"__proto__":{"polluted":true}}`)],
    ["an array", [{ to: "ana" }]],
    ["a string", "v=0"],
  ])("offer/answer: refuses %s", (_, payload) => {
    expect(client.signalMessageSchema.safeParse(payload).success).toBe(false);
  });

  it.each([
    ["no candidates", { to: "ana", candidates: [] }],
    ["too many candidates", { to: "ana", candidates: Array.from({ length: MAX_ICE_PER_EVENT + 1 }, () => candidate) }],
    ["a huge candidate", { to: "ana", candidates: [{ ...candidate, candidate: "x".repeat(1_001) }] }],
    ["a negative m-line", { to: "ana", candidates: [{ ...candidate, sdpMLineIndex: -1 }] }],
    ["a fractional m-line", { to: "ana", candidates: [{ ...candidate, sdpMLineIndex: 0.5 }] }],
    ["an extra key", { to: "ana", candidates: [{ ...candidate, relayProtocol: "tls" }] }],
  ])("ICE: refuses %s", (_, payload) => {
    expect(client.iceMessageSchema.safeParse(payload).success).toBe(false);
  });

  it("media and hang-up take nothing else", () => {
    expect(client.mediaMessageSchema.safeParse({ audio: "yes", video: true }).success).toBe(false);
    expect(client.mediaMessageSchema.safeParse({ audio: true }).success).toBe(false);
    expect(client.hangupMessageSchema.safeParse({ reason: "x".repeat(10_000) }).success).toBe(false);
  });

  it("the start request allows 1 to 3 distinct invitees", () => {
    expect(server.startCallRequestSchema.safeParse({ invitees: ["ana"] }).data).toEqual({ invitees: ["ana"], video: true });
    expect(server.startCallRequestSchema.safeParse({ invitees: ["a", "b", "c"], video: false }).success).toBe(true);
    expect(server.startCallRequestSchema.safeParse({ invitees: ["a", "b", "c", "d"] }).success).toBe(false);
    expect(server.startCallRequestSchema.safeParse({ invitees: [] }).success).toBe(false);
    expect(server.startCallRequestSchema.safeParse({ invitees: ["a", "a"] }).success).toBe(false);
    expect(server.startCallRequestSchema.safeParse({ invitees: ["a"], extra: 1 }).success).toBe(false);
  });
});
