import { InboundBudget } from "./inbound-budget";

describe("InboundBudget", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("allows a burst of exactly `burst` frames at once, then refuses the next", () => {
    const budget = new InboundBudget({ ratePerSecond: 100, burst: 200 });
    for (let i = 0; i < 200; i += 1) expect(budget.tryTake()).toBe(true);
    expect(budget.tryTake()).toBe(false);
  });

  it("refills at the rate: one frame per 10 ms at 100/s", () => {
    const budget = new InboundBudget({ ratePerSecond: 100, burst: 200 });
    for (let i = 0; i < 200; i += 1) budget.tryTake();
    vi.advanceTimersByTime(9);
    expect(budget.tryTake()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(budget.tryTake()).toBe(true);
    expect(budget.tryTake()).toBe(false);
  });

  it("never saves up more than the burst, however long the connection was idle", () => {
    const budget = new InboundBudget({ ratePerSecond: 100, burst: 5 });
    vi.advanceTimersByTime(60_000);
    for (let i = 0; i < 5; i += 1) expect(budget.tryTake()).toBe(true);
    expect(budget.tryTake()).toBe(false);
  });

  it("keeps a steady sender at the rate going for ever", () => {
    const budget = new InboundBudget({ ratePerSecond: 100, burst: 1 });
    for (let i = 0; i < 1000; i += 1) {
      expect(budget.tryTake()).toBe(true);
      vi.advanceTimersByTime(10);
    }
  });

  it("refuses nonsense settings", () => {
    expect(() => new InboundBudget({ ratePerSecond: 0, burst: 1 })).toThrow(RangeError);
    expect(() => new InboundBudget({ ratePerSecond: 1, burst: 0 })).toThrow(RangeError);
  });
});
