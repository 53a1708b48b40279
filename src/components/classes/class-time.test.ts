import { describe, expect, it } from "vitest";

import type { ClassSummary } from "@/lib/classes";

import { classTimeLabel, liveLabel } from "./class-time";
import { mergeFresh } from "./use-classes";

describe("liveLabel", () => {
  it("says who is there in words, naming up to five and counting the rest", () => {
    expect(liveLabel({ count: 0, names: [] })).toBe("Nobody here yet");
    expect(liveLabel({ count: 1, names: ["Ana"] })).toBe("Ana is here");
    expect(liveLabel({ count: 2, names: ["Ana", "Ben"] })).toBe("2 here: Ana and Ben");
    expect(liveLabel({ count: 3, names: ["Ana", "Ben", "Cy"] })).toBe("3 here: Ana, Ben and Cy");
    expect(liveLabel({ count: 7, names: ["Ana", "Ben", "Cy", "Dee", "Eve"] })).toBe("7 here: Ana, Ben, Cy, Dee, Eve and 2 more");
    expect(liveLabel({ count: 4, names: [] })).toBe("4 here");
    expect(liveLabel({ count: 30, names: ["Ana"] })).toBe("30 here: Ana and 29 more");
  });
});

describe("classTimeLabel", () => {
  const now = Date.parse("2026-12-03T10:00:00");
  it("says Started for the past (and the next minute), Starts for later", () => {
    expect(classTimeLabel("2026-12-03T09:30:00", now)).toMatch(/^Started .*9.*30/);
    expect(classTimeLabel("2026-12-03T10:00:30", now)).toMatch(/^Started /);
    expect(classTimeLabel("2026-12-03T18:00:00", now)).toMatch(/^Starts .*(18|6).*00/);
  });

  it("names the weekday within a week, the date beyond, and nothing for a bad time", () => {
    expect(classTimeLabel("2026-12-05T18:00:00", now)).toMatch(/^Starts Sat/);
    expect(classTimeLabel("2026-12-20T18:00:00", now)).toMatch(/^Starts .*20.*Dec|^Starts .*Dec.*20/);
    expect(classTimeLabel("soon", now)).toBe("");
  });
});

describe("mergeFresh", () => {
  const summary = (id: string, createdAt: string): ClassSummary => ({
    id,
    title: id,
    startsAt: createdAt,
    createdAt,
    createdBy: { id: "c", name: "Cora" },
    live: { count: 0, names: [] },
  });

  it("takes the server's list, keeping only a class learned of since the answer left", () => {
    const fresh = [summary("b", "2026-12-03T10:01:00Z"), summary("a", "2026-12-03T10:00:00Z")];
    const current = [summary("c", "2026-12-03T10:02:00Z"), summary("old", "2026-12-03T09:00:00Z"), summary("b", "2026-12-03T10:01:00Z")];
    expect(mergeFresh(fresh, current).map((c) => c.id)).toEqual(["c", "b", "a"]);
    expect(mergeFresh([], [summary("c", "2026-12-03T10:02:00Z")]).map((c) => c.id)).toEqual(["c"]);
  });
});
