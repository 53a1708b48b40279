import fc from "fast-check";

import { type ApplyResult, Leaderboard } from "./leaderboard";
import {
  buildRankingUpdate,
  DEFAULT_TOP_LIMIT,
  eventByteLength,
  MAX_EVENT_BYTES,
  MIN_TOP_ENTRIES,
  rankingUpdateJson,
  type RankingUpdateEvent,
} from "./payload";

const T0 = new Date("2025-01-01T00:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** 40 characters, each 4 bytes in UTF-8. */
const HEAVY_NAME = "😀".repeat(40);
/** The longest user id a session can have (64 characters). */
const heavyId = (i: number) => `user-${i}-`.padEnd(64, "x");

function heavyBoard(count: number): Leaderboard {
  const board = new Leaderboard({ now: T0 });
  board.apply(
    Array.from({ length: count }, (_, i) => ({ userId: heavyId(i), points: -1_000_000 + i * 7, name: HEAVY_NAME })),
    T0,
  );
  return board;
}

function lightBoard(count: number): Leaderboard {
  const board = new Leaderboard({ now: T0 });
  board.apply(
    Array.from({ length: count }, (_, i) => ({ userId: `u${i}`, points: 1000 + i, name: `Athlete ${i}` })),
    T0,
  );
  return board;
}

const ids = (rows: readonly { userId: string }[]) => rows.map((row) => row.userId);

describe("MAX_EVENT_BYTES", () => {
  it("is Pusher's 10 KB", () => {
    expect(MAX_EVENT_BYTES).toBe(10_240);
  });
});

describe("eventByteLength", () => {
  it("counts UTF-8 bytes, not UTF-16 code units", () => {
    expect(eventByteLength("a")).toBe(3);
    expect(eventByteLength("é")).toBe(4);
    expect(eventByteLength("😀")).toBe(6);
  });
});

describe("buildRankingUpdate", () => {
  it("carries the result's version and updatedAt", () => {
    const board = lightBoard(3);
    const result = board.apply([{ userId: "u0", points: 5 }], at(1));
    const event = buildRankingUpdate(board, result);
    expect(event.version).toBe(2);
    expect(event.updatedAt).toBe(at(1).toISOString());
  });

  it("carries the server's athlete count in total, after additions and removals", () => {
    const board = lightBoard(3);
    const added = buildRankingUpdate(board, board.apply([{ userId: "new", points: 1, name: "New" }], at(1)));
    expect(added.total).toBe(4);
    const removed = buildRankingUpdate(board, board.remove("u1", at(2)) as ApplyResult);
    expect(removed.total).toBe(3);
    // The whole board is never in the event: total is the only count a page can trust.
    const big = lightBoard(500);
    expect(buildRankingUpdate(big, big.apply([{ userId: "u0", points: 1 }], at(1))).total).toBe(500);
  });

  it("serializes total in rankingUpdateJson exactly as JSON.stringify does", () => {
    const board = lightBoard(20);
    for (const maxBytes of [MAX_EVENT_BYTES, 120]) {
      const event = buildRankingUpdate(board, board.apply([{ userId: "u3", points: 50 }], at(1)), { maxBytes });
      expect(rankingUpdateJson(event)).toBe(JSON.stringify(event));
      expect(JSON.parse(rankingUpdateJson(event))).toMatchObject({ total: 20 });
    }
  });

  it("sends the whole top list and all changes when they fit, without truncated", () => {
    const board = lightBoard(1000);
    const result = board.apply([{ userId: "u0", points: 5000 }], at(1));
    const event = buildRankingUpdate(board, result);
    expect(event.leaderboard).toEqual(board.top(DEFAULT_TOP_LIMIT));
    expect(event.changes).toEqual(result.changes);
    expect(event.changes).toHaveLength(21);
    expect(event).not.toHaveProperty("truncated");
    expect(eventByteLength(event)).toBeLessThan(MAX_EVENT_BYTES);
  });

  it("honours a smaller topLimit", () => {
    const board = lightBoard(100);
    const result = board.apply([{ userId: "u3", points: 1 }], at(1));
    expect(buildRankingUpdate(board, result, { topLimit: 5 }).leaderboard).toEqual(board.top(5));
    expect(buildRankingUpdate(board, result, { topLimit: 0 }).leaderboard).toEqual([]);
  });

  it("stays under 10 KB for a 100-update batch on 10 000 athletes with 40 four-byte characters each", () => {
    const board = heavyBoard(10_000);
    const updates = Array.from({ length: 100 }, (_, i) => ({ userId: heavyId(i * 97), points: 2_000_000 + i }));
    const result = board.apply(updates, at(1));
    const event = buildRankingUpdate(board, result);
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(10_240);
    // 100 such rows are ~30 KB: some updated athletes cannot fit, so clients re-fetch.
    expect(event.truncated).toBe(true);
    expect(event.changes.length).toBeGreaterThan(0);
    // The kept ones are the best-ranked updated athletes, in rank order.
    const updatedRows = result.changes.filter((row) => result.updatedUserIds.includes(row.userId));
    expect(event.changes).toEqual(updatedRows.slice(0, event.changes.length));
  });

  it("keeps a single update on 10 000 heavy athletes in both changes and the top list", () => {
    const board = heavyBoard(10_000);
    const climber = heavyId(42);
    const result = board.apply([{ userId: climber, points: 5_000_000 }], at(1));
    const event = buildRankingUpdate(board, result);
    expect(eventByteLength(event)).toBeLessThan(MAX_EVENT_BYTES);
    expect(event).not.toHaveProperty("truncated");
    expect(event.changes[0]).toMatchObject({ userId: climber, rank: 1, previousRank: 9958, change: 9957 });
    expect(event.leaderboard[0]).toEqual(event.changes[0]);
    expect(event.leaderboard.length).toBeGreaterThanOrEqual(MIN_TOP_ENTRIES);
  });

  it("keeps an updated athlete outside the top list in changes", () => {
    const board = heavyBoard(10_000);
    const result = board.apply([{ userId: heavyId(5), points: 1 }], at(1));
    const event = buildRankingUpdate(board, result);
    expect(ids(event.changes)).toContain(heavyId(5));
    expect(ids(event.leaderboard)).not.toContain(heavyId(5));
    expect(eventByteLength(event)).toBeLessThan(MAX_EVENT_BYTES);
  });

  describe("at the byte limit", () => {
    const board = lightBoard(30);
    const result = board.apply([{ userId: "u0", points: 100 }], at(1));
    const full = buildRankingUpdate(board, result, { topLimit: 30 });
    const fullBytes = eventByteLength(full);

    it("sends everything when it serializes to maxBytes - 1", () => {
      const event = buildRankingUpdate(board, result, { topLimit: 30, maxBytes: fullBytes + 1 });
      expect(event).toEqual(full);
      expect(eventByteLength(event)).toBe(fullBytes);
    });

    it("drops the last top row first when it would serialize to exactly maxBytes", () => {
      const event = buildRankingUpdate(board, result, { topLimit: 30, maxBytes: fullBytes });
      expect(event.leaderboard).toEqual(full.leaderboard.slice(0, -1));
      expect(event.changes).toEqual(full.changes);
      expect(event).not.toHaveProperty("truncated");
      expect(eventByteLength(event)).toBeLessThan(fullBytes);
    });
  });

  it("fills updated athletes, then the first top rows, then displaced, then the rest of the top", () => {
    const board = lightBoard(100);
    const result = board.apply([{ userId: "u0", points: 500 }], at(1));
    const full = buildRankingUpdate(board, result);
    const rowBytes = eventByteLength(full.leaderboard[0]);
    const skeleton = eventByteLength({ ...full, leaderboard: [], changes: [] });
    // Room for the updated athlete, MIN_TOP_ENTRIES rows and 2 displaced ones.
    const maxBytes = skeleton + (1 + MIN_TOP_ENTRIES + 2) * (rowBytes + 1) + 1;
    const event = buildRankingUpdate(board, result, { maxBytes });
    expect(eventByteLength(event)).toBeLessThan(maxBytes);
    expect(event.leaderboard).toEqual(full.leaderboard.slice(0, MIN_TOP_ENTRIES));
    expect(event.changes).toHaveLength(3);
    expect(event.changes[0]?.userId).toBe("u0");
  });

  it("marks truncated when even one updated athlete does not fit", () => {
    const board = lightBoard(10);
    const result = board.apply([{ userId: "u0", points: 500 }], at(1));
    const event = buildRankingUpdate(board, result, { maxBytes: 120 });
    expect(event).toEqual({
      leaderboard: [],
      version: 2,
      updatedAt: at(1).toISOString(),
      changes: [],
      total: 10,
      truncated: true,
    });
    expect(eventByteLength(event)).toBeLessThan(120);
  });

  it("handles a removal or reset result (no updated athletes)", () => {
    const board = lightBoard(5);
    const removed = board.remove("u4", at(1)) as ApplyResult;
    const event = buildRankingUpdate(board, removed);
    expect(event.changes).toHaveLength(4);
    expect(event.leaderboard).toEqual(board.top(5));
    const reset = buildRankingUpdate(board, board.reset(at(2)));
    expect(reset).toEqual({ leaderboard: [], version: 3, updatedAt: at(2).toISOString(), changes: [], total: 0 });
  });

  it("stays under the limit for any names, ids and batch (property)", () => {
    const name = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 });
    const userId = fc.string({ minLength: 1, maxLength: 64 });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ userId, name, points: fc.integer({ min: -1e9, max: 1e9 }) }), {
          selector: (athlete) => athlete.userId,
          minLength: 1,
          maxLength: 300,
        }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 100 }),
        (athletes, picks) => {
          const board = new Leaderboard({ now: T0 });
          board.apply(athletes, T0);
          const updates = picks.map((p, i) => ({ userId: athletes[p % athletes.length]!.userId, points: i + 1 }));
          const result = board.apply(updates, at(1));
          const event: RankingUpdateEvent = buildRankingUpdate(board, result);
          expect(eventByteLength(event)).toBeLessThan(MAX_EVENT_BYTES);
          const updatedKept = event.changes.filter((row) => result.updatedUserIds.includes(row.userId));
          if (event.truncated === undefined) expect(ids(updatedKept)).toEqual(result.updatedUserIds);
          else expect(ids(updatedKept)).toEqual(result.updatedUserIds.slice(0, updatedKept.length));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("rankingUpdateJson", () => {
  it("gives JSON.stringify's exact text over awards, renames, removals and any names (property)", () => {
    const text = fc.string({ unit: "binary", maxLength: 12 });
    const op = fc.record({ pick: fc.nat(), points: fc.integer({ min: -50, max: 50 }), rename: fc.option(text, { freq: 3 }), remove: fc.boolean() });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ userId: fc.string({ unit: "binary", minLength: 1, maxLength: 10 }), name: text, points: fc.integer({ min: -100, max: 100 }) }), {
          selector: (athlete) => athlete.userId,
          minLength: 1,
          maxLength: 40,
        }),
        fc.array(op, { maxLength: 30 }),
        fc.record({ epoch: fc.option(text, { nil: undefined }), classId: fc.option(text, { nil: undefined }), maxBytes: fc.constantFrom(MAX_EVENT_BYTES, 600) }),
        (athletes, ops, { epoch, classId, maxBytes }) => {
          const board = new Leaderboard({ now: T0 });
          const options = { epoch, maxBytes, board: classId === undefined ? { window: "all" as const } : { window: "week" as const, classId }, period: classId === undefined ? null : { start: "2025-01-01T00:00:00.000Z", end: "2025-01-08T00:00:00.000Z" } };
          const check = (result: ApplyResult) => {
            const event = buildRankingUpdate(board, result, options);
            expect(Object.isFrozen(event) && Object.isFrozen(event.changes) && Object.isFrozen(event.leaderboard)).toBe(true);
            expect(rankingUpdateJson(event)).toBe(JSON.stringify(event));
            // An event not built here (a copy) is serialized from its rows.
            expect(rankingUpdateJson({ ...event })).toBe(JSON.stringify(event));
            expect(eventByteLength(event)).toBeLessThan(maxBytes);
          };
          check(board.apply(athletes, T0));
          ops.forEach(({ pick, points, rename, remove }, i) => {
            const athlete = athletes[pick % athletes.length]!;
            if (remove) {
              const removed = board.remove(athlete.userId, at(i + 1));
              if (removed) check(removed);
              return;
            }
            // A removed athlete comes back with its name.
            const name = rename ?? (board.has(athlete.userId) ? undefined : athlete.name);
            check(board.apply([{ userId: athlete.userId, points, ...(name === undefined ? {} : { name }) }], at(i + 1)));
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("rankingUpdateJson of kept top rows", () => {
  it("serializes the rows given, even when a top list starts with the same frozen row as before", () => {
    const row = (userId: string, rank: number) => Object.freeze({ userId, name: userId.toUpperCase(), score: 100 - rank, rank, previousRank: rank, change: 0 });
    const [first, second, third] = [row("a", 1), row("b", 2), row("c", 3)];
    const result: ApplyResult = { version: 7, updatedAt: T0.toISOString(), changes: [], updatedUserIds: [] };
    for (const top of [[first!, second!], [first!, third!], [first!, third!, second!], [first!]]) {
      const event = buildRankingUpdate({ top: (limit) => top.slice(0, limit), total: 3 }, result);
      expect(rankingUpdateJson(event)).toBe(JSON.stringify(event));
      expect(event.leaderboard).toEqual(top);
    }
  });
});

