import { beforeEach, describe, expect, it, vi } from "vitest";

import type { BatchOutcome, OutgoingEvent } from "./realtime-gateway";

const gateway = vi.hoisted(() => ({
  triggerBatch: vi.fn<(events: OutgoingEvent[], what: string) => Promise<BatchOutcome>>(),
}));
vi.mock("./realtime-gateway", () => gateway);

const { DeliveryLedger } = await import("./delivery-ledger");

const event = (name: string, channel = "chat-channel"): OutgoingEvent => ({ channel, name, data: { name } });

/** A triggerBatch whose calls wait until released, accepting all or failing the names given. */
function controlledService() {
  const calls: { events: OutgoingEvent[]; release: (failNames?: string[]) => void }[] = [];
  gateway.triggerBatch.mockImplementation(
    (events) =>
      new Promise((resolve) => {
        calls.push({
          events,
          release: (failNames = []) =>
            resolve({ sent: events.filter((e) => !failNames.includes(e.name)), failed: events.filter((e) => failNames.includes(e.name)) }),
        });
      }),
  );
  return calls;
}

describe("DeliveryLedger", () => {
  beforeEach(() => {
    gateway.triggerBatch.mockReset();
  });

  it("sends what a key owes once, and forgets the key when all went out", async () => {
    const calls = controlledService();
    const ledger = new DeliveryLedger<string>("test");
    ledger.owe("k", [event("a"), event("b")]);
    const settled = ledger.settle("k");
    calls[0]!.release();
    expect(await settled).toEqual([]);
    expect(ledger.owed("k")).toEqual([]);
    expect(await ledger.settle("k")).toEqual([]);
    expect(gateway.triggerBatch).toHaveBeenCalledTimes(1);
  });

  it("lets callers arriving during an attempt share it (single flight)", async () => {
    const calls = controlledService();
    const ledger = new DeliveryLedger<string>("test");
    ledger.owe("k", [event("a")]);
    const all = Promise.all([ledger.settle("k"), ledger.settle("k"), ledger.settle("k")]);
    expect(calls).toHaveLength(1);
    calls[0]!.release(["a"]);
    expect(await all).toEqual([[event("a")], [event("a")], [event("a")]]);
    expect(gateway.triggerBatch).toHaveBeenCalledTimes(1);
  });

  it("retries only what did not go out", async () => {
    const calls = controlledService();
    const ledger = new DeliveryLedger<string>("test");
    ledger.owe("k", [event("a"), event("b"), event("c")]);
    const first = ledger.settle("k");
    calls[0]!.release(["b"]);
    expect(await first).toEqual([event("b")]);
    const second = ledger.settle("k");
    expect(calls[1]!.events).toEqual([event("b")]);
    calls[1]!.release();
    expect(await second).toEqual([]);
  });

  it("starts a new attempt after a failed one has settled, never keeping one in flight", async () => {
    gateway.triggerBatch.mockRejectedValueOnce(new Error("bug")).mockResolvedValue({ sent: [event("a")], failed: [] });
    const ledger = new DeliveryLedger<string>("test");
    ledger.owe("k", [event("a")]);
    await expect(ledger.settle("k")).rejects.toThrow("bug");
    expect(ledger.owed("k")).toEqual([event("a")]);
    expect(await ledger.settle("k")).toEqual([]);
  });

  it("owes nothing for an unknown key or an empty list", async () => {
    const ledger = new DeliveryLedger<string>("test");
    ledger.owe("empty", []);
    expect(await ledger.settle("empty")).toEqual([]);
    expect(await ledger.settle("never")).toEqual([]);
    expect(gateway.triggerBatch).not.toHaveBeenCalled();
  });

  it("keeps at most `capacity` keys, dropping the oldest idle one", async () => {
    const ledger = new DeliveryLedger<number>("test", 2);
    ledger.owe(1, [event("a")]);
    ledger.owe(2, [event("b")]);
    ledger.owe(3, [event("c")]);
    expect(ledger.owed(1)).toEqual([]);
    expect(ledger.owed(2)).toEqual([event("b")]);
    expect(ledger.owed(3)).toEqual([event("c")]);
  });
});

describe("DeliveryLedger.inFlight", () => {
  it("is true from the first settle until its attempt ends, and false for an unknown key", async () => {
    gateway.triggerBatch.mockReset();
    const calls = controlledService();
    const ledger = new DeliveryLedger<string>("test");
    expect(ledger.inFlight("k")).toBe(false);
    ledger.owe("k", [event("a")]);
    expect(ledger.inFlight("k")).toBe(false);
    const settled = ledger.settle("k");
    expect(ledger.inFlight("k")).toBe(true);
    calls[0]!.release(["a"]);
    await settled;
    expect(ledger.inFlight("k")).toBe(false);
    expect(ledger.owed("k")).toEqual([event("a")]);
  });
});

describe("DeliveryLedger.forget", () => {
  it("drops what a key owes, so nothing is sent for it again", async () => {
    gateway.triggerBatch.mockReset();
    gateway.triggerBatch.mockResolvedValue({ sent: [], failed: [event("a")] });
    const ledger = new DeliveryLedger<string>("test");
    ledger.owe("k", [event("a")]);
    expect(await ledger.settle("k")).toEqual([event("a")]);
    ledger.forget("k");
    expect(await ledger.settle("k")).toEqual([]);
    expect(gateway.triggerBatch).toHaveBeenCalledTimes(1);
  });
});
