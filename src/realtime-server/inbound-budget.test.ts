import { FULL_BUDGET, InboundBudget } from "./inbound-budget";

/** Takes `count` frames at `now`, threading the state; returns how many were allowed and the final state. */
function takeMany(budget: InboundBudget, state: number, now: number, count: number): { allowed: number; state: number } {
  let allowed = 0;
  for (let i = 0; i < count; i += 1) {
    const next = budget.take(state, now);
    if (next === undefined) continue;
    state = next;
    allowed += 1;
  }
  return { allowed, state };
}

describe("InboundBudget", () => {
  const start = 1_700_000_000_000;

  it("allows a burst of exactly `burst` frames at once, then refuses the next", () => {
    const budget = new InboundBudget({ ratePerSecond: 100, burst: 200 });
    const { allowed, state } = takeMany(budget, FULL_BUDGET, start, 200);
    expect(allowed).toBe(200);
    expect(budget.take(state, start)).toBeUndefined();
  });

  it("refills at the rate: one frame per 10 ms at 100/s", () => {
    const budget = new InboundBudget({ ratePerSecond: 100, burst: 200 });
    const { state } = takeMany(budget, FULL_BUDGET, start, 200);
    expect(budget.take(state, start + 9)).toBeUndefined();
    const after = budget.take(state, start + 10);
    expect(after).toBeDefined();
    expect(budget.take(after!, start + 10)).toBeUndefined();
  });

  it("never saves up more than the burst, however long the connection was idle", () => {
    const budget = new InboundBudget({ ratePerSecond: 100, burst: 5 });
    const { state } = takeMany(budget, FULL_BUDGET, start, 1);
    expect(takeMany(budget, state, start + 60_000, 6).allowed).toBe(5);
  });

  it("starts full at any clock reading from 0, as a fresh connection's state", () => {
    const budget = new InboundBudget({ ratePerSecond: 100, burst: 3 });
    expect(takeMany(budget, FULL_BUDGET, 0, 4).allowed).toBe(3);
    expect(takeMany(budget, FULL_BUDGET, start, 4).allowed).toBe(3);
  });

  it("keeps a steady sender at the rate going for ever", () => {
    const budget = new InboundBudget({ ratePerSecond: 100, burst: 1 });
    let state = FULL_BUDGET;
    for (let i = 0; i < 1000; i += 1) {
      const next = budget.take(state, start + i * 10);
      expect(next).toBeDefined();
      state = next!;
    }
  });

  it("refuses a frame without charging for it", () => {
    const budget = new InboundBudget({ ratePerSecond: 100, burst: 1 });
    const state = budget.take(FULL_BUDGET, start)!;
    expect(budget.take(state, start + 5)).toBeUndefined();
    expect(budget.take(state, start + 10)).toBeDefined();
  });

  it("refuses nonsense settings", () => {
    expect(() => new InboundBudget({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new InboundBudget({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
  });
});
