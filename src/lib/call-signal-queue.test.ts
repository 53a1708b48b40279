import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { SignalQueue } from "./call-signal-queue";

const candidate = (n: number) => ({ candidate: `candidate:${n} 1 udp 1 10.0.0.1 ${5000 + n} typ host`, sdpMid: "0", sdpMLineIndex: 0 });

describe("SignalQueue", () => {
  let sent: { event: string; data: unknown; at: number }[];
  let queue: SignalQueue;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    queue = new SignalQueue((event, data) => (sent.push({ event, data: structuredClone(data), at: Date.now() }), true), 125, 250);
  });
  afterEach(() => vi.useRealTimers());

  it("never sends more than 8 events in any second (Pusher closes a connection past 10)", () => {
    for (let i = 0; i < 30; i += 1) queue.push("client-media", { audio: true, video: i % 2 === 0 });
    vi.advanceTimersByTime(999);
    expect(sent.length).toBeLessThanOrEqual(8);
    vi.advanceTimersByTime(5_000);
    expect(sent).toHaveLength(30);
    for (let i = 8; i < sent.length; i += 1) expect(sent[i]!.at - sent[i - 8]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it("keeps order, and merges a burst of ICE candidates for one peer into one event", () => {
    queue.push("client-signal", { to: "ana" });
    for (let i = 0; i < 5; i += 1) queue.pushCandidate("ana", candidate(i));
    queue.pushCandidate("ben", candidate(9));
    vi.advanceTimersByTime(2_000);
    expect(sent.map((s) => s.event)).toEqual(["client-signal", "client-ice", "client-ice"]);
    expect(sent[1]!.data).toEqual({ to: "ana", candidates: [0, 1, 2, 3, 4].map(candidate) });
    expect(sent[2]!.data).toEqual({ to: "ben", candidates: [candidate(9)] });
  });

  it("starts a new batch at 20 candidates", () => {
    for (let i = 0; i < 25; i += 1) queue.pushCandidate("ana", candidate(i));
    vi.advanceTimersByTime(2_000);
    expect(sent.map((s) => (s.data as { candidates: unknown[] }).candidates.length)).toEqual([20, 5]);
  });

  it("tries again when the channel is not ready yet", () => {
    let ready = false;
    const later = new SignalQueue((event, data) => ready && (sent.push({ event, data, at: Date.now() }), true), 125, 250);
    later.push("client-signal", { to: "ana" });
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(0);
    ready = true;
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(1);
  });

  it("sends the hang-up on close, then nothing more", () => {
    queue.push("client-hangup", {});
    queue.close();
    queue.push("client-media", { audio: true, video: true });
    vi.advanceTimersByTime(2_000);
    expect(sent.map((s) => s.event)).toEqual(["client-hangup"]);
  });
});
