import type { MonitorSnapshot } from "@/lib/monitor";

import { appendSample, latest, rateSeries, ratePerMinute, sparklineRuns, valueSeries, type Pick, type Sample } from "./samples";

const T0 = Date.parse("2026-01-01T10:00:00.000Z");

function snapshot(at: number, realtime: Partial<NonNullable<MonitorSnapshot["realtime"]>> | null = {}): MonitorSnapshot {
  return {
    mode: "embedded",
    takenAt: new Date(at).toISOString(),
    app: { apiCalls: 0, apiFailures: 0, triggers: 0, triggerFailures: 0, channelAuths: 0, channelAuthRefusals: 0 },
    realtime:
      realtime === null
        ? null
        : { connections: 0, peakConnections: 0, channels: 0, subscriptions: 0, messagesIn: 0, messagesOut: 0, apiCalls: 0, errors: 0, uptimeSeconds: 0, ...realtime },
    occupancy: [],
    store: { kind: "memory", up: true },
    chat: null,
  };
}

const messagesIn: Pick = (s) => s.realtime?.messagesIn;
const connections: Pick = (s) => s.realtime?.connections;

function series(...readings: Array<[offsetMs: number, realtime: Parameters<typeof snapshot>[1]]>): Sample[] {
  return readings.reduce<Sample[]>((samples, [offset, realtime]) => appendSample(samples, snapshot(T0 + offset, realtime)), []);
}

describe("appendSample", () => {
  it("keeps five minutes and drops the 5:00.001-old one", () => {
    let samples: Sample[] = [];
    samples = appendSample(samples, snapshot(T0));
    samples = appendSample(samples, snapshot(T0 + 1));
    samples = appendSample(samples, snapshot(T0 + 300_000));
    expect(samples.map((s) => s.t - T0)).toEqual([0, 1, 300_000]);
    samples = appendSample(samples, snapshot(T0 + 300_001));
    expect(samples.map((s) => s.t - T0)).toEqual([1, 300_000, 300_001]);
  });

  it("replaces a snapshot taken at the same time and ignores an older one", () => {
    let samples = appendSample([], snapshot(T0, { connections: 1 }));
    samples = appendSample(samples, snapshot(T0, { connections: 2 }));
    samples = appendSample(samples, snapshot(T0 - 1, { connections: 9 }));
    expect(samples).toHaveLength(1);
    expect(latest(samples, connections)).toBe(2);
  });

  it("does not change the array it was given", () => {
    const samples = appendSample([], snapshot(T0));
    appendSample(samples, snapshot(T0 + 2000));
    expect(samples).toHaveLength(1);
  });
});

describe("ratePerMinute", () => {
  it("is undefined with fewer than two readings", () => {
    expect(ratePerMinute([], messagesIn)).toBeUndefined();
    expect(ratePerMinute(series([0, { messagesIn: 5 }]), messagesIn)).toBeUndefined();
  });

  it("turns growth over the readings into a per-minute rate", () => {
    expect(ratePerMinute(series([0, { messagesIn: 10 }], [2000, { messagesIn: 12 }], [4000, { messagesIn: 20 }]), messagesIn)).toBe(150);
  });

  it("looks back one minute only", () => {
    const samples = series([0, { messagesIn: 0 }], [60_000, { messagesIn: 1000 }], [90_000, { messagesIn: 1030 }], [120_000, { messagesIn: 1060 }]);
    expect(ratePerMinute(samples, messagesIn)).toBe(60);
  });

  it("counts a restarted counter's new value as growth, never negative", () => {
    const samples = series([0, { messagesIn: 100 }], [30_000, { messagesIn: 130 }], [60_000, { messagesIn: 10 }]);
    expect(ratePerMinute(samples, messagesIn)).toBe(40);
  });

  it("skips readings where the part was missing", () => {
    const samples = series([0, { messagesIn: 0 }], [30_000, null], [60_000, { messagesIn: 60 }]);
    expect(ratePerMinute(samples, messagesIn)).toBe(60);
  });
});

describe("series", () => {
  it("reads a gauge as it was, with gaps where it was missing", () => {
    const samples = series([0, { connections: 1 }], [2000, null], [4000, { connections: 3 }]);
    expect(valueSeries(samples, connections)).toEqual([
      { t: T0, value: 1 },
      { t: T0 + 2000, value: undefined },
      { t: T0 + 4000, value: 3 },
    ]);
  });

  it("reads a counter as per-minute rates between readings", () => {
    const samples = series([0, { messagesIn: 0 }], [2000, { messagesIn: 4 }], [4000, null], [6000, { messagesIn: 10 }]);
    expect(rateSeries(samples, messagesIn)).toEqual([
      { t: T0 + 2000, value: 120 },
      { t: T0 + 4000, value: undefined },
      { t: T0 + 6000, value: undefined },
    ]);
  });
});

describe("sparklineRuns", () => {
  const size = { width: 100, height: 22 };
  it("places the window's end at the right edge and the maximum at the top", () => {
    const end = T0 + 300_000;
    expect(sparklineRuns([{ t: T0, value: 0 }, { t: T0 + 150_000, value: 2 }, { t: end, value: 4 }], end, size)).toEqual(["0,21 50,11 100,1"]);
  });

  it("spreads a young series over the whole width until a full window has passed", () => {
    expect(sparklineRuns([{ t: T0, value: 1 }, { t: T0 + 2000, value: 1 }, { t: T0 + 4000, value: 1 }], T0 + 4000, size)).toEqual(["0,1 50,1 100,1"]);
  });

  it("breaks the line at a gap and leaves out points older than the window", () => {
    const end = T0 + 300_000;
    const runs = sparklineRuns(
      [
        { t: T0 - 1, value: 1 },
        { t: T0 + 60_000, value: 1 },
        { t: T0 + 120_000, value: undefined },
        { t: T0 + 180_000, value: 1 },
        { t: T0 + 240_000, value: 1 },
      ],
      end,
      size,
    );
    expect(runs).toEqual(["20,1", "60,1 80,1"]);
  });

  it("draws zeros along the bottom (the scale never collapses)", () => {
    expect(sparklineRuns([{ t: T0, value: 0 }], T0, size, 1000)).toEqual(["100,21"]);
  });
});
