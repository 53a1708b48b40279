import { createLogLimiter } from "./log-limiter";

describe("createLogLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes the first maxLines lines of an interval and suppresses the rest", () => {
    const lines: string[] = [];
    const log = createLogLimiter({ log: (line) => lines.push(line), maxLines: 3, intervalMs: 1000 });
    for (let i = 0; i < 300; i += 1) log(`line ${i}`);
    expect(lines).toEqual(["line 0", "line 1", "line 2"]);
    log.close();
  });

  it("reports how many lines it dropped when the interval ends, then lets lines through again", () => {
    const lines: string[] = [];
    const log = createLogLimiter({ log: (line) => lines.push(line), maxLines: 2, intervalMs: 1000 });
    for (let i = 0; i < 10; i += 1) log(`line ${i}`);
    vi.advanceTimersByTime(999);
    expect(lines).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/suppressed 8 log lines/);
    log("after");
    expect(lines.at(-1)).toBe("after");
    log.close();
  });

  it("writes no summary when nothing was dropped, and holds no timer while quiet", () => {
    const lines: string[] = [];
    const log = createLogLimiter({ log: (line) => lines.push(line), maxLines: 2, intervalMs: 1000 });
    log("a");
    log("b");
    vi.advanceTimersByTime(5000);
    expect(lines).toEqual(["a", "b"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("close() reports what is still suppressed and clears its timer", () => {
    const lines: string[] = [];
    const log = createLogLimiter({ log: (line) => lines.push(line), maxLines: 1, intervalMs: 1000 });
    log("a");
    log("b");
    log.close();
    expect(lines).toEqual(["a", expect.stringMatching(/suppressed 1 log line /)]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
