import { describe, expect, it } from "vitest";

import { localDate, periodJson, periodOf } from "./periods";

const iso = (span: { start: Date; end: Date }) => [span.start.toISOString(), span.end.toISOString()];

describe("periodOf", () => {
  it("gives days, weeks from Monday and months in UTC", () => {
    const now = new Date("2026-12-03T10:00:00.000Z"); // a Thursday
    expect(periodOf("day", now, "UTC").key).toBe("d2026-12-03");
    expect(iso(periodOf("week", now, "UTC"))).toEqual(["2026-11-30T00:00:00.000Z", "2026-12-07T00:00:00.000Z"]);
    expect(periodOf("week", now, "UTC").key).toBe("w2026-11-30");
    expect(iso(periodOf("month", now, "UTC"))).toEqual(["2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
    expect(periodOf("month", now, "UTC").key).toBe("m2026-12");
    expect(periodOf("all", now, "UTC").key).toBe("all");
    expect(periodJson(periodOf("all", now, "UTC"))).toBeNull();
  });

  it("starts a Sunday's week on the Monday before, and a period at its first instant", () => {
    expect(periodOf("week", new Date("2026-12-06T23:59:59.999Z"), "UTC").key).toBe("w2026-11-30");
    expect(periodOf("week", new Date("2026-12-07T00:00:00.000Z"), "UTC").key).toBe("w2026-12-07");
    expect(periodOf("day", new Date("2026-12-03T23:59:59.999Z"), "UTC").key).toBe("d2026-12-03");
  });

  it("follows the team's time zone, across daylight saving changes", () => {
    // 2026-03-08: New York springs forward (a 23-hour day); 2026-11-01: falls back (25 hours).
    expect(iso(periodOf("day", new Date("2026-03-08T12:00:00.000Z"), "America/New_York"))).toEqual(["2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z"]);
    expect(iso(periodOf("day", new Date("2026-11-01T12:00:00.000Z"), "America/New_York"))).toEqual(["2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z"]);
    // Still the evening before in New York.
    expect(periodOf("day", new Date("2026-12-03T03:00:00.000Z"), "America/New_York").key).toBe("d2026-12-02");
    expect(periodOf("day", new Date("2026-12-02T20:00:00.000Z"), "Asia/Kolkata").key).toBe("d2026-12-03");
    expect(iso(periodOf("month", new Date("2026-12-31T23:00:00.000Z"), "Europe/Berlin"))).toEqual(["2026-12-31T23:00:00.000Z", "2027-01-31T23:00:00.000Z"]);
    expect(localDate(new Date("2026-12-31T23:30:00.000Z"), "Europe/Berlin")).toBe("2027-01-01");
  });

  it("answers the same span again within it and a fresh one outside it, whatever the order of asking", () => {
    const later = periodOf("day", new Date("2026-12-05T10:00:00.000Z"), "UTC");
    const earlier = periodOf("day", new Date("2026-12-03T10:00:00.000Z"), "UTC");
    expect([later.key, earlier.key]).toEqual(["d2026-12-05", "d2026-12-03"]);
    expect(periodOf("day", new Date("2026-12-03T22:00:00.000Z"), "UTC")).toBe(earlier);
  });
});
