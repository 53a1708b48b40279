import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { MIN_CALL_MS, OrderedDispatcher, type DispatchEvent } from "./ordered-dispatch";

const event = (channel: string, n: number): DispatchEvent => ({ channel, name: "e", data: n });

/** A service whose calls finish only when the test says so. */
function manualService() {
  const calls: { events: DispatchEvent[]; deadlineMs: number; finish: (error?: Error) => void }[] = [];
  const send = (events: DispatchEvent[], deadlineMs: number) =>
    new Promise<void>((resolve, reject) => calls.push({ events, deadlineMs, finish: (error) => (error ? reject(error) : resolve()) }));
  return { calls, send };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

describe("OrderedDispatcher", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const make = (send: ReturnType<typeof manualService>["send"], deadlineMs = 1000) =>
    new OrderedDispatcher(send, { maxPerCall: 10, deadlineMs: () => deadlineMs, expired: () => new Error("expired") });

  it("holds a channel's next events while one call is in flight, then sends them together in order", async () => {
    const service = manualService();
    const dispatcher = make(service.send);
    const first = dispatcher.dispatch([event("chat", 1)]);
    await flush();
    const later = [2, 3, 4].map((n) => dispatcher.dispatch([event("chat", n)]));
    await flush();
    expect(service.calls).toHaveLength(1);
    service.calls[0]!.finish();
    expect(await first).toEqual([undefined]);
    await flush();
    expect(service.calls).toHaveLength(2);
    expect(service.calls[1]!.events.map((e) => e.data)).toEqual([2, 3, 4]);
    service.calls[1]!.finish();
    expect(await Promise.all(later)).toEqual([[undefined], [undefined], [undefined]]);
  });

  it("sends other channels' events at once, at most 10 per call", async () => {
    const service = manualService();
    const dispatcher = make(service.send);
    void dispatcher.dispatch([event("chat", 1)]);
    await flush();
    void dispatcher.dispatch(Array.from({ length: 11 }, (_, i) => event(`c${i}`, i)));
    void dispatcher.dispatch([event("chat", 2)]);
    await flush();
    expect(service.calls.map((call) => call.events.length)).toEqual([1, 10, 1]);
    expect(dispatcher.waiting).toBe(1);
  });

  it("tells every caller of a failed call that its event did not go out", async () => {
    const service = manualService();
    const dispatcher = make(service.send);
    const answers = dispatcher.dispatch([event("a", 1), event("b", 2)]);
    await flush();
    service.calls[0]!.finish(new Error("refused"));
    expect((await answers).map((error) => error?.message)).toEqual(["refused", "refused"]);
  });

  it("withdraws an event still waiting at its deadline, and gives a call only what is left of it", async () => {
    const service = manualService();
    const dispatcher = make(service.send, 1000);
    void dispatcher.dispatch([event("chat", 1)]);
    await vi.advanceTimersByTimeAsync(400);
    const second = dispatcher.dispatch([event("chat", 2)]);
    await vi.advanceTimersByTimeAsync(1000);
    expect((await second)[0]?.message).toBe("expired");
    expect(dispatcher.waiting).toBe(0);
    service.calls[0]!.finish();
    await flush();
    expect(service.calls).toHaveLength(1);

    const third = dispatcher.dispatch([event("chat", 3)]);
    await flush();
    expect(service.calls[1]!.deadlineMs).toBeLessThanOrEqual(1000);
    service.calls[1]!.finish();
    expect(await third).toEqual([undefined]);
  });

  it("keeps a channel busy until a call given up on at the deadline has really ended, so nothing overtakes it", async () => {
    const ends: (() => void)[] = [];
    const sent: number[][] = [];
    const send = (events: DispatchEvent[]) => {
      sent.push(events.map((e) => e.data as number));
      const settled = new Promise<void>((resolve) => ends.push(resolve));
      return { answer: Promise.reject(new Error("timeout")), settled };
    };
    const dispatcher = new OrderedDispatcher(send, { maxPerCall: 10, deadlineMs: () => 1000, expired: () => new Error("expired") });
    const first = dispatcher.dispatch([event("chat", 1)]);
    await flush();
    expect((await first)[0]?.message).toBe("timeout");
    void dispatcher.dispatch([event("chat", 2)]);
    await flush();
    expect(sent).toEqual([[1]]);
    ends[0]!();
    await flush();
    expect(sent).toEqual([[1], [2]]);
  });

  it("withdraws an event too close to its deadline instead of sending it blind", async () => {
    const service = manualService();
    const dispatcher = make(service.send, 1000);
    void dispatcher.dispatch([event("chat", 1)]);
    await flush();
    await vi.advanceTimersByTimeAsync(500);
    const second = dispatcher.dispatch([event("chat", 2)]);
    await vi.advanceTimersByTimeAsync(1000 - MIN_CALL_MS + 10);
    service.calls[0]!.finish();
    await flush();
    expect((await second)[0]?.message).toBe("expired");
    expect(service.calls).toHaveLength(1);
  });
});
