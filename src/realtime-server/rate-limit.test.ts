import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  let now = 0;
  const limiter = () => new RateLimiter({ limit: 10, windowMs: 1000, now: () => now });
  beforeEach(() => {
    now = 1_000_000;
  });

  it("allows the 10th event within a second and rejects the 11th", () => {
    const events = limiter();
    for (let i = 1; i <= 10; i += 1) {
      now += 50;
      expect(events.tryTake()).toBe(true);
    }
    now += 50;
    expect(events.tryTake()).toBe(false);
  });

  it("allows again once the oldest event is a full window old", () => {
    const events = limiter();
    const start = now;
    for (let i = 0; i < 10; i += 1) expect(events.tryTake()).toBe(true);
    now = start + 999;
    expect(events.tryTake()).toBe(false);
    now = start + 1000;
    for (let i = 0; i < 10; i += 1) expect(events.tryTake()).toBe(true);
    expect(events.tryTake()).toBe(false);
  });

  it("does not count refused attempts", () => {
    const events = limiter();
    const start = now;
    for (let i = 0; i < 10; i += 1) events.tryTake();
    for (let i = 0; i < 50; i += 1) expect(events.tryTake()).toBe(false);
    now = start + 1000;
    for (let i = 0; i < 10; i += 1) expect(events.tryTake()).toBe(true);
  });

  it("slides: events spread over time never exceed 10 in any second", () => {
    const events = limiter();
    const accepted: number[] = [];
    for (let t = 0; t < 5000; t += 30) {
      now = 1_000_000 + t;
      if (events.tryTake()) accepted.push(now);
    }
    for (const time of accepted) expect(accepted.filter((other) => other > time - 1000 && other <= time).length).toBeLessThanOrEqual(10);
  });

  it("works with the runner's fake timers as its clock", () => {
    vi.useFakeTimers();
    try {
      const events = new RateLimiter({ limit: 10, windowMs: 1000 });
      for (let i = 0; i < 10; i += 1) expect(events.tryTake()).toBe(true);
      expect(events.tryTake()).toBe(false);
      vi.advanceTimersByTime(1000);
      expect(events.tryTake()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects nonsense limits", () => {
    expect(() => new RateLimiter({ limit: 0, windowMs: 1000 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 10, windowMs: 0 })).toThrow(RangeError);
  });
});
