import fc from "fast-check";

import {
  type Entry,
  InvalidScoreUpdateError,
  Leaderboard,
  MAX_DISPLACED_CHANGES,
  type ScoreUpdate,
  UnknownAthleteError,
} from "./leaderboard";

const T0 = new Date("2025-01-01T00:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** A board with athletes a, b, c, … holding `scores` in one batch (version 1). */
function boardWith(scores: readonly number[], options?: { maxDisplaced?: number }): Leaderboard {
  const board = new Leaderboard({ ...options, now: T0 });
  board.apply(
    scores.map((points, i) => ({ userId: String.fromCharCode(97 + i), points, name: `Athlete ${i}` })),
    T0,
  );
  return board;
}

const pick = (entries: readonly Entry[], field: keyof Entry) => entries.map((entry) => entry[field]);

describe("Leaderboard", () => {
  describe("ranking", () => {
    it("ranks scores [100, 90, 90, 80] as 1, 2, 2, 4", () => {
      const board = boardWith([100, 90, 90, 80]);
      expect(pick(board.top(10), "rank")).toEqual([1, 2, 2, 4]);
      expect(pick(board.top(10), "userId")).toEqual(["a", "b", "c", "d"]);
      expect(board.total).toBe(4);
    });

    it("lists whoever reached a tied score first ahead, whatever the userId", () => {
      const board = boardWith([50, 40]);
      board.apply([{ userId: "z", points: 90, name: "Zed" }], at(1));
      board.apply([{ userId: "a", points: 40 }], at(2));
      expect(pick(board.top(3), "userId")).toEqual(["z", "a", "b"]);
      expect(pick(board.top(3), "rank")).toEqual([1, 1, 3]);
    });

    it("orders a tie reached in the same batch by userId", () => {
      const board = new Leaderboard({ now: T0 });
      board.apply(
        [
          { userId: "m", points: 10, name: "M" },
          { userId: "c", points: 10, name: "C" },
          { userId: "x", points: 10, name: "X" },
        ],
        T0,
      );
      expect(pick(board.top(3), "userId")).toEqual(["c", "m", "x"]);
    });

    it("keeps an athlete's place in a tie when its points net to zero", () => {
      const board = boardWith([10, 10]);
      board.apply([{ userId: "b", points: 5 }], at(1));
      board.apply([{ userId: "b", points: -5 }], at(2));
      expect(pick(board.top(2), "userId")).toEqual(["a", "b"]);
      board.apply([{ userId: "a", points: 3 }, { userId: "a", points: -3 }], at(3));
      expect(pick(board.top(2), "userId")).toEqual(["a", "b"]);
    });
  });

  describe("previousRank and change", () => {
    it("reports up N, down N, no change and new against the ranking before the batch", () => {
      const board = boardWith([100, 90, 80, 70, 60]);
      const first = board.apply(
        [
          { userId: "e", points: 50 }, // 60 → 110: 5 → 1
          { userId: "a", points: -25 }, // 100 → 75: 1 → 4
          { userId: "c", points: 1 }, // 80 → 81: 3 → 3
          { userId: "f", points: 65, name: "New" }, // new at 65: rank 6
        ],
        at(1),
      );
      const byId = new Map(first.changes.map((entry) => [entry.userId, entry]));
      expect(byId.get("e")).toMatchObject({ score: 110, rank: 1, previousRank: 5, change: 4 });
      expect(byId.get("a")).toMatchObject({ score: 75, rank: 4, previousRank: 1, change: -3 });
      expect(byId.get("c")).toMatchObject({ score: 81, rank: 3, previousRank: 3, change: 0 });
      expect(byId.get("f")).toMatchObject({ score: 65, rank: 6, previousRank: null, change: null });
      // b went 2 → 2 (a left above, e arrived above); d went 4 → 5.
      expect(byId.has("b")).toBe(false);
      expect(byId.get("d")).toMatchObject({ rank: 5, previousRank: 4, change: -1 });
      expect(first.changes.map((entry) => entry.userId)).toEqual(["e", "c", "a", "d", "f"]);
      expect(first.updatedUserIds).toEqual(["e", "c", "a", "f"]);
      expect(board.top(6)).toEqual([
        { userId: "e", name: "Athlete 4", score: 110, rank: 1, previousRank: 5, change: 4 },
        { userId: "b", name: "Athlete 1", score: 90, rank: 2, previousRank: 2, change: 0 },
        { userId: "c", name: "Athlete 2", score: 81, rank: 3, previousRank: 3, change: 0 },
        { userId: "a", name: "Athlete 0", score: 75, rank: 4, previousRank: 1, change: -3 },
        { userId: "d", name: "Athlete 3", score: 70, rank: 5, previousRank: 4, change: -1 },
        { userId: "f", name: "New", score: 65, rank: 6, previousRank: null, change: null },
      ]);
    });

    it("measures against the latest mutation only", () => {
      const board = boardWith([100, 90]);
      board.apply([{ userId: "b", points: 20 }], at(1));
      expect(board.entry("b")).toMatchObject({ rank: 1, previousRank: 2, change: 1 });
      board.apply([{ userId: "c", points: 1, name: "C" }], at(2));
      expect(board.entry("b")).toMatchObject({ rank: 1, previousRank: 1, change: 0 });
      expect(board.entry("a")).toMatchObject({ rank: 2, previousRank: 2, change: 0 });
      expect(board.entry("c")).toMatchObject({ rank: 3, previousRank: null, change: null });
    });

    it("moves a shared rank together when the athlete above drops below both", () => {
      const board = boardWith([100, 90, 90]);
      const result = board.apply([{ userId: "a", points: -20 }], at(1));
      expect(result.changes).toEqual([
        { userId: "b", name: "Athlete 1", score: 90, rank: 1, previousRank: 2, change: 1 },
        { userId: "c", name: "Athlete 2", score: 90, rank: 1, previousRank: 2, change: 1 },
        { userId: "a", name: "Athlete 0", score: 80, rank: 3, previousRank: 1, change: -2 },
      ]);
    });

    it("treats every athlete as new after a reset", () => {
      const board = boardWith([10]);
      board.reset(at(1));
      board.apply([{ userId: "a", points: 5, name: "Again" }], at(2));
      expect(board.entry("a")).toMatchObject({ rank: 1, previousRank: null, change: null, name: "Again" });
    });
  });

  describe("apply", () => {
    it("bumps the version by one per batch and stamps updatedAt", () => {
      const board = new Leaderboard({ now: T0 });
      expect(board.version).toBe(0);
      expect(board.updatedAt).toBe(T0.toISOString());
      const result = board.apply(
        [
          { userId: "a", points: 1, name: "A" },
          { userId: "b", points: 2, name: "B" },
        ],
        at(5),
      );
      expect(result.version).toBe(1);
      expect(result.updatedAt).toBe(at(5).toISOString());
      expect(board.version).toBe(1);
      expect(board.updatedAt).toBe(at(5).toISOString());
      expect(board.apply([], at(6)).version).toBe(2);
    });

    it("sums repeated athletes in a batch and keeps the last name given", () => {
      const board = new Leaderboard({ now: T0 });
      const result = board.apply(
        [
          { userId: "a", points: 5, name: "First" },
          { userId: "a", points: 7 },
          { userId: "a", points: -2, name: "Last" },
        ],
        at(1),
      );
      expect(result.changes).toEqual([
        { userId: "a", name: "Last", score: 10, rank: 1, previousRank: null, change: null },
      ]);
      expect(result.updatedUserIds).toEqual(["a"]);
    });

    it("accepts a name for a new athlete anywhere in the batch", () => {
      const board = new Leaderboard({ now: T0 });
      board.apply([{ userId: "a", points: 5 }, { userId: "a", points: 1, name: "A" }], at(1));
      expect(board.entry("a")).toMatchObject({ name: "A", score: 6 });
    });

    it("renames an existing athlete", () => {
      const board = boardWith([10]);
      const result = board.apply([{ userId: "a", points: 1, name: "Renamed" }], at(1));
      expect(result.changes[0]?.name).toBe("Renamed");
      expect(board.entry("a")?.name).toBe("Renamed");
    });

    it("throws UnknownAthleteError for a new athlete without a name and changes nothing", () => {
      const board = boardWith([100, 90]);
      board.apply([{ userId: "b", points: 20 }], at(1));
      const snapshot = { top: board.top(10), version: board.version, updatedAt: board.updatedAt };
      const batch: ScoreUpdate[] = [
        { userId: "a", points: 50 },
        { userId: "c", points: 5, name: "C" },
        { userId: "ghost", points: 1 },
      ];
      expect(() => board.apply(batch, at(2))).toThrow(UnknownAthleteError);
      expect(() => board.apply(batch, at(2))).toThrow(/ghost/);
      expect({ top: board.top(10), version: board.version, updatedAt: board.updatedAt }).toEqual(snapshot);
      expect(board.entry("c")).toBeUndefined();
      expect(board.total).toBe(2);
    });

    it("names the error and the athlete", () => {
      const error = new UnknownAthleteError("u1");
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe("UnknownAthleteError");
      expect(error.userId).toBe("u1");
    });

    it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
      "throws InvalidScoreUpdateError for %s points and changes nothing",
      (points) => {
        const board = boardWith([10]);
        expect(() => board.apply([{ userId: "b", points: 1, name: "B" }, { userId: "a", points }], at(1))).toThrow(
          InvalidScoreUpdateError,
        );
        expect(board.version).toBe(1);
        expect(board.total).toBe(1);
      },
    );

    it("throws InvalidScoreUpdateError when the sum would overflow", () => {
      const board = boardWith([Number.MAX_VALUE]);
      expect(() => board.apply([{ userId: "a", points: Number.MAX_VALUE }], at(1))).toThrow(InvalidScoreUpdateError);
      expect(board.entry("a")?.score).toBe(Number.MAX_VALUE);
    });

    it("throws on an invalid date before changing anything", () => {
      const board = boardWith([10]);
      expect(() => board.apply([{ userId: "a", points: 1 }], new Date(Number.NaN))).toThrow(RangeError);
      expect(board.version).toBe(1);
      expect(board.entry("a")?.score).toBe(10);
    });
  });

  describe("displaced neighbours in changes", () => {
    it("lists the athletes passed by a climber, nearest first, at most MAX_DISPLACED_CHANGES", () => {
      const board = new Leaderboard({ now: T0 });
      board.apply(
        Array.from({ length: 100 }, (_, i) => ({
          userId: `u${String(i).padStart(2, "0")}`,
          points: 1000 - i,
          name: `U${i}`,
        })),
        T0,
      );
      const result = board.apply([{ userId: "u99", points: 1000 }], at(1));
      expect(result.changes).toHaveLength(1 + MAX_DISPLACED_CHANGES);
      expect(result.changes[0]).toMatchObject({ userId: "u99", rank: 1, previousRank: 100, change: 99 });
      expect(pick(result.changes.slice(1), "rank")).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
      expect(result.changes.slice(1).every((entry) => entry.change === -1)).toBe(true);
    });

    it("lists the athletes a faller dropped below, and none that did not move", () => {
      const board = boardWith([100, 90, 80, 70]);
      const result = board.apply([{ userId: "a", points: -25 }], at(1));
      expect(pick(result.changes, "userId")).toEqual(["b", "c", "a"]);
      expect(pick(result.changes, "change")).toEqual([1, 1, -2]);
    });

    it("lists every athlete below a new leader up to the cap", () => {
      const board = boardWith([30, 20, 10], { maxDisplaced: 2 });
      const result = board.apply([{ userId: "z", points: 99, name: "Z" }], at(1));
      expect(pick(result.changes, "userId")).toEqual(["z", "a", "b"]);
    });

    it("lists no displaced athletes when the cap is 0", () => {
      const board = boardWith([30, 20, 10], { maxDisplaced: 0 });
      expect(pick(board.apply([{ userId: "c", points: 50 }], at(1)).changes, "userId")).toEqual(["c"]);
    });
  });

  describe("reads", () => {
    it("returns at most limit rows from top, none for 0 or less", () => {
      const board = boardWith([5, 4, 3]);
      expect(board.top(0)).toEqual([]);
      expect(board.top(-1)).toEqual([]);
      expect(board.top(Number.NaN)).toEqual([]);
      expect(board.top(1)).toHaveLength(1);
      expect(board.top(3)).toHaveLength(3);
      expect(board.top(4)).toHaveLength(3);
      expect(new Leaderboard().top(10)).toEqual([]);
    });

    it("returns undefined for an athlete not on the board", () => {
      expect(boardWith([5]).entry("nobody")).toBeUndefined();
    });

    it("centres around() on the athlete and stays inside the board at both ends", () => {
      const board = boardWith([9, 8, 7, 6, 5, 4, 3]); // a..g
      expect(pick(board.around("d", 3), "userId")).toEqual(["c", "d", "e"]);
      expect(pick(board.around("d", 4), "userId")).toEqual(["c", "d", "e", "f"]);
      expect(pick(board.around("d", 1), "userId")).toEqual(["d"]);
      expect(pick(board.around("a", 3), "userId")).toEqual(["a", "b", "c"]);
      expect(pick(board.around("g", 3), "userId")).toEqual(["e", "f", "g"]);
      expect(pick(board.around("d", 7), "userId")).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
      expect(pick(board.around("d", 8), "userId")).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
      expect(board.around("d", 0)).toEqual([]);
      expect(board.around("nobody", 3)).toEqual([]);
    });

    it("carries shared ranks into around() when the window starts inside a tie", () => {
      const board = boardWith([9, 8, 8, 8, 5]);
      expect(pick(board.around("d", 3), "rank")).toEqual([2, 2, 5]);
    });
  });

  describe("remove and reset", () => {
    it("removes an athlete, bumps the version and lists who moved up", () => {
      const board = boardWith([100, 90, 80]);
      const result = board.remove("a", at(1));
      expect(result?.version).toBe(2);
      expect(result?.updatedAt).toBe(at(1).toISOString());
      expect(result?.changes).toEqual([
        { userId: "b", name: "Athlete 1", score: 90, rank: 1, previousRank: 2, change: 1 },
        { userId: "c", name: "Athlete 2", score: 80, rank: 2, previousRank: 3, change: 1 },
      ]);
      expect(board.entry("a")).toBeUndefined();
      expect(board.total).toBe(2);
    });

    it("returns null and keeps the version for an athlete not on the board", () => {
      const board = boardWith([100]);
      expect(board.remove("nobody", at(1))).toBeNull();
      expect(board.version).toBe(1);
    });

    it("resets to an empty board with a newer version", () => {
      const board = boardWith([100, 90]);
      const result = board.reset(at(1));
      expect(result).toEqual({ version: 2, updatedAt: at(1).toISOString(), changes: [], updatedUserIds: [] });
      expect(board.total).toBe(0);
      expect(board.top(10)).toEqual([]);
    });
  });
});

// --- Property test against a naive full sort --------------------------------

interface ModelAthlete {
  name: string;
  score: number;
  tick: number;
}

type Op =
  | { kind: "apply"; updates: ScoreUpdate[] }
  | { kind: "remove"; userId: string }
  | { kind: "reset" };

const POOL = ["a", "b", "c", "d", "e", "f", "g", "h"];

function naiveOrder(model: Map<string, ModelAthlete>): { userId: string; athlete: ModelAthlete; rank: number }[] {
  const rows = [...model].map(([userId, athlete]) => ({ userId, athlete }));
  rows.sort(
    (x, y) =>
      y.athlete.score - x.athlete.score ||
      x.athlete.tick - y.athlete.tick ||
      (x.userId < y.userId ? -1 : x.userId > y.userId ? 1 : 0),
  );
  return rows.map((row) => ({ ...row, rank: 1 + rows.filter((o) => o.athlete.score > row.athlete.score).length }));
}

function naiveEntries(model: Map<string, ModelAthlete>, previous: Map<string, number>): Entry[] {
  return naiveOrder(model).map(({ userId, athlete, rank }) => {
    const previousRank = previous.get(userId) ?? null;
    return {
      userId,
      name: athlete.name,
      score: athlete.score,
      rank,
      previousRank,
      change: previousRank === null ? null : previousRank - rank,
    };
  });
}

/** What a valid batch does to the model at `version`. */
function applyToModel(model: Map<string, ModelAthlete>, updates: readonly ScoreUpdate[], version: number): void {
  for (const userId of new Set(updates.map((u) => u.userId))) {
    const mine = updates.filter((u) => u.userId === userId);
    const points = mine.reduce((sum, u) => sum + u.points, 0);
    const name = mine.reduce<string | undefined>((last, u) => u.name ?? last, undefined);
    const current = model.get(userId);
    if (current === undefined) model.set(userId, { name: name as string, score: points, tick: version });
    else
      model.set(userId, {
        name: name ?? current.name,
        score: current.score + points,
        tick: points === 0 ? current.tick : version,
      });
  }
}

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(
        fc.record(
          {
            userId: fc.constantFrom(...POOL),
            points: fc.oneof(fc.integer({ min: -100, max: 100 }), fc.constantFrom(-10, 10)).filter((p) => p !== 0),
            name: fc.constantFrom("Ann", "Bo", "Cé", "Dan"),
          },
          { requiredKeys: ["userId", "points"] },
        ),
        { maxLength: 5 },
      )
      .map((updates): Op => ({ kind: "apply", updates })),
  },
  { weight: 2, arbitrary: fc.constantFrom(...POOL).map((userId): Op => ({ kind: "remove", userId })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: "reset" }) },
);

function checkAgainstModel(board: Leaderboard, model: Map<string, ModelAthlete>, previous: Map<string, number>) {
  const expected = naiveEntries(model, previous);
  expect(board.total).toBe(expected.length);
  expect(board.top(expected.length + 2)).toEqual(expected);
  expect(board.top(3)).toEqual(expected.slice(0, 3));
  expected.forEach((entry, index) => {
    expect(board.entry(entry.userId)).toEqual(entry);
    const start = Math.max(0, Math.min(index - 1, expected.length - 3));
    expect(board.around(entry.userId, 3)).toEqual(expected.slice(start, start + 3));
  });
}

/** Changes must be exactly the updated athletes plus every displaced one (the pool is below the cap). */
function checkChanges(changes: readonly Entry[], updatedIds: ReadonlySet<string>, expected: readonly Entry[]) {
  const moved = expected.filter(
    (entry) => updatedIds.has(entry.userId) || (entry.change !== null && entry.change !== 0),
  );
  expect(changes).toEqual(moved);
}

describe("Leaderboard (property)", () => {
  // 100 runs of up to 40 operations, each checked against a full sort: ~1 s alone, several on a loaded 2-core machine.
  it("matches a naive full sort after every apply, remove and reset", { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.array(opArbitrary, { maxLength: 40 }), (ops) => {
        const board = new Leaderboard({ now: T0 });
        const model = new Map<string, ModelAthlete>();
        let previous = new Map<string, number>();
        let version = 0;

        ops.forEach((op, step) => {
          const now = at(step + 1);
          const ranksBefore = new Map(naiveOrder(model).map(({ userId, rank }) => [userId, rank]));

          if (op.kind === "apply") {
            const known = (id: string) =>
              model.has(id) || op.updates.some((u) => u.userId === id && u.name !== undefined);
            if (!op.updates.every((u) => known(u.userId))) {
              expect(() => board.apply(op.updates, now)).toThrow(UnknownAthleteError);
              expect(board.version).toBe(version);
              checkAgainstModel(board, model, previous);
              return;
            }
            const result = board.apply(op.updates, now);
            version += 1;
            const updatedIds = new Set(op.updates.map((u) => u.userId));
            applyToModel(model, op.updates, version);
            previous = ranksBefore;
            const expected = naiveEntries(model, previous);
            expect(result.version).toBe(version);
            expect(result.updatedAt).toBe(now.toISOString());
            checkChanges(result.changes, updatedIds, expected);
            expect(result.updatedUserIds).toEqual(
              expected.filter((entry) => updatedIds.has(entry.userId)).map((entry) => entry.userId),
            );
          } else if (op.kind === "remove") {
            const result = board.remove(op.userId, now);
            if (!model.has(op.userId)) {
              expect(result).toBeNull();
            } else {
              version += 1;
              model.delete(op.userId);
              previous = ranksBefore;
              expect(result?.version).toBe(version);
              checkChanges(result?.changes ?? [], new Set(), naiveEntries(model, previous));
            }
          } else {
            board.reset(now);
            version += 1;
            model.clear();
            previous = new Map();
          }

          expect(board.version).toBe(version);
          checkAgainstModel(board, model, previous);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("keeps changes correct and bounded with a small displaced cap", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.record({ index: fc.nat(11), points: fc.integer({ min: -8, max: 8 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        (scores, moves) => {
          const board = boardWith(scores, { maxDisplaced: 2 });
          const before = board.top(scores.length);
          const updates = moves.map(({ index, points }) => ({
            userId: String.fromCharCode(97 + (index % scores.length)),
            points,
          }));
          const result = board.apply(updates, at(1));
          const updatedIds = new Set(updates.map((u) => u.userId));
          const now = new Map(board.top(scores.length).map((entry) => [entry.userId, entry]));
          const displaced = result.changes.filter((entry) => !updatedIds.has(entry.userId));
          expect(displaced.length).toBeLessThanOrEqual(2);
          for (const entry of result.changes) expect(entry).toEqual(now.get(entry.userId));
          for (const entry of displaced) expect(entry.change).not.toBe(0);
          const movedCount = before.filter(
            (entry) => !updatedIds.has(entry.userId) && now.get(entry.userId)?.change !== 0,
          ).length;
          expect(displaced.length).toBe(Math.min(2, movedCount));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("Leaderboard top rows kept between mutations", () => {
  const ids = Array.from({ length: 24 }, (_, i) => `p${String(i).padStart(2, "0")}`);
  // Mostly single awards anywhere on the board (some into or out of the top
  // rows, some renames, some ties), with batches, removals, empty batches and resets.
  const step: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .record(
          { userId: fc.constantFrom(...ids), points: fc.integer({ min: -30, max: 30 }), name: fc.constantFrom("Ann", "Bo") },
          { requiredKeys: ["userId", "points"] },
        )
        .map((update): Op => ({ kind: "apply", updates: [update] })),
    },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.record({ userId: fc.constantFrom(...ids), points: fc.integer({ min: -30, max: 30 }), name: fc.constant("Cy") }), { maxLength: 3 })
        .map((updates): Op => ({ kind: "apply", updates })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...ids).map((userId): Op => ({ kind: "remove", userId })) },
    { weight: 1, arbitrary: fc.constant<Op>({ kind: "reset" }) },
  );

  it("answers top(k) exactly as a full sort after every mutation", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 24, maxLength: 24 }), fc.array(fc.tuple(step, fc.constantFrom(3, 5, 8)), { maxLength: 60 }), (scores, steps) => {
        const board = new Leaderboard({ now: T0, maxDisplaced: 3 });
        const start = ids.map((userId, i) => ({ userId, points: scores[i] as number, name: `Athlete ${i}` }));
        board.apply(start, T0);
        const model = new Map<string, ModelAthlete>();
        applyToModel(model, start, 1);
        let previous = new Map<string, number>();
        let version = 1;
        steps.forEach(([op, k], i) => {
          // Read first (so rows are held), then mutate, then read again.
          expect(board.top(k)).toEqual(naiveEntries(model, previous).slice(0, k));
          const ranksBefore = new Map(naiveOrder(model).map(({ userId, rank }) => [userId, rank]));
          const now = at(i + 1);
          if (op.kind === "apply") {
            if (!op.updates.every((u) => model.has(u.userId) || u.name !== undefined)) return;
            board.apply(op.updates, now);
            applyToModel(model, op.updates, (version += 1));
          } else if (op.kind === "remove") {
            if (!model.has(op.userId)) return;
            board.remove(op.userId, now);
            version += 1;
            model.delete(op.userId);
          } else {
            board.reset(now);
            version += 1;
            model.clear();
          }
          previous = op.kind === "reset" ? new Map() : ranksBefore;
          expect(board.top(k)).toEqual(naiveEntries(model, previous).slice(0, k));
          expect(board.top(k + 2)).toEqual(naiveEntries(model, previous).slice(0, k + 2));
        });
      }),
      { numRuns: 300 },
    );
  });

  it("hands out frozen rows in a fresh array", () => {
    const board = boardWith([5, 4, 3]);
    const first = board.top(2);
    first.pop();
    expect(board.top(2)).toHaveLength(2);
    expect(Object.isFrozen(board.top(2)[0])).toBe(true);
  });
});
