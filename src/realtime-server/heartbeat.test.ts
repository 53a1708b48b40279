import { heartbeatStep, sweepIntervalMs } from "./heartbeat";

const timing = { activityMs: 120_000, pongMs: 30_000 };

describe("heartbeatStep", () => {
  it("waits while the client was heard from within the activity timeout", () => {
    expect(heartbeatStep({ now: 119_999, lastActivityAt: 0, pingSentAt: undefined }, timing)).toBe("wait");
  });

  it("pings a client silent for exactly the activity timeout", () => {
    expect(heartbeatStep({ now: 120_000, lastActivityAt: 0, pingSentAt: undefined }, timing)).toBe("ping");
  });

  it("waits for the answer until the pong timeout, then reaps", () => {
    expect(heartbeatStep({ now: 149_999, lastActivityAt: 0, pingSentAt: 120_000 }, timing)).toBe("wait");
    expect(heartbeatStep({ now: 150_000, lastActivityAt: 0, pingSentAt: 120_000 }, timing)).toBe("reap");
  });

  it("counts any frame after the ping as the answer and starts a new activity period", () => {
    expect(heartbeatStep({ now: 200_000, lastActivityAt: 121_000, pingSentAt: 120_000 }, timing)).toBe("wait");
    expect(heartbeatStep({ now: 241_000, lastActivityAt: 121_000, pingSentAt: 120_000 }, timing)).toBe("ping");
  });
});

describe("sweepIntervalMs", () => {
  it("is a quarter of the shortest deadline, between 5 ms and 1 s", () => {
    expect(sweepIntervalMs([120_000, 30_000, 5_000, 2_000])).toBe(500);
    expect(sweepIntervalMs([120_000, 30_000])).toBe(1000);
    expect(sweepIntervalMs([200, 100])).toBe(25);
    expect(sweepIntervalMs([4])).toBe(5);
  });
});
