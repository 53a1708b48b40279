import { describe, expect, it } from "vitest";

import { rankingUpdateSchema, type Entry, type RankingUpdate } from "@/lib/schemas";

import { classifyUpdate, initialLeaderboardState, leaderboardReducer, movementLabel, rankLabel, scoreToast } from "./leaderboard-state";

const entry = (userId: string, rank: number, extra: Partial<Entry> = {}): Entry => ({
  userId,
  name: userId.toUpperCase(),
  score: 100 - rank,
  rank,
  previousRank: rank,
  change: 0,
  ...extra,
});

const event = (version: number, leaderboard: Entry[], changes: Entry[] = [], truncated?: true, total = leaderboard.length): RankingUpdate => ({
  leaderboard,
  epoch: "e1",
  version,
  updatedAt: "2026-01-01T00:00:00.000Z",
  changes,
  total,
  ...(truncated ? { truncated } : {}),
});

describe("classifyUpdate", () => {
  it("ignores versions not newer than the one held", () => {
    expect(classifyUpdate(5, event(5, []))).toBe("stale");
    expect(classifyUpdate(5, event(4, []))).toBe("stale");
  });

  it("applies the next version and re-fetches after a gap or a truncated event", () => {
    expect(classifyUpdate(5, event(6, []))).toBe("apply");
    expect(classifyUpdate(5, event(7, []))).toBe("refetch");
    expect(classifyUpdate(5, event(6, [], [], true))).toBe("refetch");
    expect(classifyUpdate(-1, event(9, []))).toBe("refetch");
  });
});

describe("leaderboardReducer", () => {
  it("takes a fetched page unless it is older than what is held", () => {
    const page = { leaderboard: [entry("a", 1)], epoch: "e1", total: 1, version: 3, updatedAt: "t" };
    const state = leaderboardReducer(initialLeaderboardState, { type: "page", page, me: null });
    expect(state).toMatchObject({ version: 3, total: 1, loaded: true });
    expect(leaderboardReducer(state, { type: "page", page: { ...page, version: 2 }, me: null })).toBe(state);
  });

  it("applies an event and keeps your own row from its changes", () => {
    const start = leaderboardReducer(initialLeaderboardState, {
      type: "page",
      page: { leaderboard: [entry("a", 1)], epoch: "e1", total: 80, version: 1, updatedAt: "t" },
      me: entry("me", 70),
    });
    const next = leaderboardReducer(start, {
      type: "event",
      event: event(2, [entry("a", 1)], [entry("me", 60, { previousRank: 70, change: 10 })]),
      userId: "me",
    });
    expect(next.me).toMatchObject({ rank: 60, change: 10 });
    expect(next.version).toBe(2);
    expect(leaderboardReducer(next, { type: "event", event: event(2, []), userId: "me" })).toBe(next);
  });

  it("shows the server's athlete count from each event, not a count guessed from joins", () => {
    let state = leaderboardReducer(initialLeaderboardState, {
      type: "page",
      page: { leaderboard: [entry("a", 1), entry("b", 2)], epoch: "e1", total: 80, version: 1, updatedAt: "t" },
      me: null,
    });
    // A newcomer joins while two athletes were removed in between: the server holds 79.
    const joined = entry("new", 3, { previousRank: null, change: null });
    state = leaderboardReducer(state, { type: "event", event: event(2, [entry("a", 1), entry("b", 2), joined], [joined], undefined, 79), userId: "me" });
    expect(state.total).toBe(79);
    // And a shrinking board shrinks the count, even below the rows an event carries.
    state = leaderboardReducer(state, { type: "event", event: event(3, [entry("a", 1)], [], undefined, 1), userId: "me" });
    expect(state.total).toBe(1);
  });
});

describe("after a restart (another epoch)", () => {
  const held = () =>
    leaderboardReducer(initialLeaderboardState, { type: "page", page: { leaderboard: [entry("a", 1)], epoch: "e1", total: 1, version: 40, updatedAt: "t" }, me: null });

  it("refetches on an event of another epoch, whatever its version", () => {
    expect(classifyUpdate(40, { ...event(1, []), epoch: "e2" }, "e1")).toBe("refetch");
    expect(classifyUpdate(40, { ...event(41, []), epoch: "e2" }, "e1")).toBe("refetch");
    expect(classifyUpdate(40, event(1, []), "e1")).toBe("stale");
  });

  it("takes a page of another epoch as the new truth even with a lower version, and drops events of the old one", () => {
    const restarted = leaderboardReducer(held(), { type: "page", page: { leaderboard: [entry("b", 1)], epoch: "e2", total: 1, version: 2, updatedAt: "t2" }, me: null });
    expect(restarted).toMatchObject({ version: 2, epoch: "e2", rows: [{ userId: "b" }] });
    expect(leaderboardReducer(restarted, { type: "event", event: event(41, [entry("a", 1)]), userId: undefined })).toBe(restarted);
    const next = leaderboardReducer(restarted, { type: "event", event: { ...event(3, [entry("c", 1)]), epoch: "e2" }, userId: undefined });
    expect(next).toMatchObject({ version: 3, rows: [{ userId: "c" }] });
  });
});

describe("rankingUpdateSchema", () => {
  it("requires the server's total", () => {
    const { total: _total, ...withoutTotal } = event(1, [entry("a", 1)]);
    expect(rankingUpdateSchema.safeParse(withoutTotal).success).toBe(false);
    expect(rankingUpdateSchema.safeParse(event(1, [entry("a", 1)], [], undefined, 7)).success).toBe(true);
    expect(rankingUpdateSchema.safeParse(event(1, [], [], undefined, -1)).success).toBe(false);
  });
});

describe("labels", () => {
  it("marks ties as T-n", () => {
    const rows = [entry("a", 1), entry("b", 2), entry("c", 2), entry("d", 4)];
    expect(rows.map((row) => rankLabel(row, rows))).toEqual(["1", "T-2", "T-2", "4"]);
  });

  it("names movements up N, down N, no change and new", () => {
    expect(movementLabel(entry("a", 1, { change: 3 }))).toBe("up 3");
    expect(movementLabel(entry("a", 1, { change: -2 }))).toBe("down 2");
    expect(movementLabel(entry("a", 1, { change: 0 }))).toBe("no change");
    expect(movementLabel(entry("a", 1, { change: null, previousRank: null }))).toBe("new");
  });

  it("writes score toasts as 'Sam +50 → #2 (up 3)'", () => {
    expect(scoreToast("Sam", 50, entry("sam", 2, { change: 3 }))).toBe("Sam +50 → #2 (up 3)");
    expect(scoreToast("Sam", -5, entry("sam", 4, { change: -1 }))).toBe("Sam −5 → #4 (down 1)");
    expect(scoreToast("Sam", null, entry("sam", 9, { change: null }))).toBe("Sam → #9 (new)");
  });
});
