import fc from "fast-check";

import { compareScoreKeys, OrderedScores, type ScoreKey } from "./ordered-scores";

const key = (userId: string, score: number, tick = 1): ScoreKey => ({ userId, score, tick });
const ids = (keys: readonly ScoreKey[]) => keys.map((k) => k.userId);

function filled(keys: readonly ScoreKey[]): OrderedScores {
  const set = new OrderedScores();
  for (const k of keys) set.insert(k);
  return set;
}

describe("compareScoreKeys", () => {
  it("puts the higher score first", () => {
    expect(compareScoreKeys(key("b", 100), key("a", 90))).toBeLessThan(0);
    expect(compareScoreKeys(key("a", 90), key("b", 100))).toBeGreaterThan(0);
  });

  it("breaks a score tie by the earlier tick, then by userId", () => {
    expect(compareScoreKeys(key("z", 50, 1), key("a", 50, 2))).toBeLessThan(0);
    expect(compareScoreKeys(key("a", 50, 3), key("b", 50, 3))).toBeLessThan(0);
    expect(compareScoreKeys(key("b", 50, 3), key("a", 50, 3))).toBeGreaterThan(0);
  });

  it("orders userIds by code unit, not by locale", () => {
    expect(compareScoreKeys(key("B", 1), key("a", 1))).toBeLessThan(0);
    expect(compareScoreKeys(key("é", 1), key("z", 1))).toBeGreaterThan(0);
  });

  it("is 0 only for the same score, tick and userId", () => {
    expect(compareScoreKeys(key("a", 5, 2), key("a", 5, 2))).toBe(0);
    expect(compareScoreKeys(key("a", 5, 2), key("a", 5, 3))).not.toBe(0);
  });
});

describe("OrderedScores", () => {
  it("is empty at first", () => {
    const set = new OrderedScores();
    expect(set.size).toBe(0);
    expect(set.at(0)).toBeUndefined();
    expect(set.at(-1)).toBeUndefined();
    expect(set.slice()).toEqual([]);
    expect(set.slice(0, 10)).toEqual([]);
    expect(set.rankOf({ score: 42 })).toBe(1);
    expect(set.countAbove(42)).toBe(0);
    expect(set.positionOf(key("a", 1))).toBe(-1);
    expect(set.remove(key("a", 1))).toBe(false);
  });

  it("holds one key", () => {
    const only = key("a", 10);
    const set = filled([only]);
    expect(set.size).toBe(1);
    expect(set.at(0)).toBe(only);
    expect(set.at(-1)).toBe(only);
    expect(set.at(1)).toBeUndefined();
    expect(set.at(-2)).toBeUndefined();
    expect(set.positionOf(only)).toBe(0);
    expect(set.rankOf(only)).toBe(1);
    expect(set.slice(0, 1)).toEqual([only]);
    expect(set.slice(1)).toEqual([]);
    expect(set.remove(only)).toBe(true);
    expect(set.size).toBe(0);
    expect(set.remove(only)).toBe(false);
  });

  it("ranks scores [100, 90, 90, 80] as 1, 2, 2, 4", () => {
    const keys = [key("d", 80), key("b", 90), key("a", 100), key("c", 90)];
    const set = filled(keys);
    expect(ids(set.toArray())).toEqual(["a", "b", "c", "d"]);
    expect(set.toArray().map((k) => set.rankOf(k))).toEqual([1, 2, 2, 4]);
  });

  it("gives the rank a score would have without holding it", () => {
    const set = filled([key("a", 100), key("b", 90), key("c", 90), key("d", 80)]);
    expect(set.rankOf({ score: 101 })).toBe(1);
    expect(set.rankOf({ score: 100 })).toBe(1);
    expect(set.rankOf({ score: 95 })).toBe(2);
    expect(set.rankOf({ score: 90 })).toBe(2);
    expect(set.rankOf({ score: 85 })).toBe(4);
    expect(set.rankOf({ score: 80 })).toBe(4);
    expect(set.rankOf({ score: 79 })).toBe(5);
  });

  it("orders many equal scores deterministically and gives them all rank 1", () => {
    const keys = ["e", "a", "d", "b", "c"].map((id, i) => key(id, 7, i % 2));
    const set = filled(keys);
    // ticks: e 0, a 1, d 0, b 1, c 0 → tick 0 first, then userId.
    expect(ids(set.toArray())).toEqual(["c", "d", "e", "a", "b"]);
    expect(set.toArray().every((k) => set.rankOf(k) === 1)).toBe(true);
  });

  it("refuses an equal key twice but takes the same user at another score", () => {
    const set = new OrderedScores();
    expect(set.insert(key("a", 5))).toBe(true);
    expect(set.insert(key("a", 5))).toBe(false);
    expect(set.size).toBe(1);
    expect(set.insert(key("a", 6))).toBe(true);
    expect(set.size).toBe(2);
  });

  it("removes by value, not by reference, and only an exact match", () => {
    const set = filled([key("a", 5, 1), key("b", 5, 1)]);
    expect(set.remove(key("a", 5, 2))).toBe(false);
    expect(set.remove(key("a", 5, 1))).toBe(true);
    expect(ids(set.toArray())).toEqual(["b"]);
  });

  it("slices like Array.prototype.slice at and beyond both ends", () => {
    const keys = [10, 9, 8, 7, 6].map((score, i) => key(`u${i}`, score));
    const set = filled(keys);
    expect(set.slice(0, 5)).toEqual(keys);
    expect(set.slice(0, 99)).toEqual(keys);
    expect(set.slice(4, 5)).toEqual([keys[4]]);
    expect(set.slice(5, 6)).toEqual([]);
    expect(set.slice(3, 2)).toEqual([]);
    expect(set.slice(-2)).toEqual(keys.slice(-2));
    expect(set.slice(-99, 2)).toEqual(keys.slice(0, 2));
    expect(set.slice(1, -1)).toEqual(keys.slice(1, -1));
    expect(set.slice(Number.NaN, 2)).toEqual(keys.slice(0, 2));
  });

  it("clears", () => {
    const set = filled([key("a", 1), key("b", 2)]);
    set.clear();
    expect(set.size).toBe(0);
    expect(set.toArray()).toEqual([]);
  });

  it("stays balanced enough for 50 000 sorted inserts (no stack overflow)", () => {
    const set = new OrderedScores();
    for (let i = 0; i < 50_000; i += 1) set.insert(key(`u${i}`, i));
    expect(set.size).toBe(50_000);
    expect(set.at(0)?.score).toBe(49_999);
    expect(set.rankOf({ score: 0 })).toBe(50_000);
  });

  it("agrees with a sorted array under random inserts and removes", () => {
    const op = fc.record({
      insert: fc.boolean(),
      userId: fc.constantFrom("a", "b", "c", "d", "e", "f"),
      score: fc.integer({ min: -3, max: 3 }),
      tick: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      // Loads of 1 to 4 keys per block split and merge blocks all the time.
      fc.property(fc.array(op, { maxLength: 80 }), fc.integer({ min: 1, max: 4 }), (ops, load) => {
        const set = new OrderedScores(load);
        let model: ScoreKey[] = [];
        for (const { insert, ...k } of ops) {
          const present = model.some((m) => compareScoreKeys(m, k) === 0);
          if (insert) {
            expect(set.insert(k)).toBe(!present);
            if (!present) model = [...model, k].sort(compareScoreKeys);
          } else {
            expect(set.remove(k)).toBe(present);
            model = model.filter((m) => compareScoreKeys(m, k) !== 0);
          }
          expect(set.size).toBe(model.length);
          expect(set.toArray()).toEqual(model);
          model.forEach((m, index) => {
            expect(set.at(index)).toEqual(m);
            expect(set.positionOf(m)).toBe(index);
            expect(set.rankOf(m)).toBe(1 + model.filter((o) => o.score > m.score).length);
          });
          expect(set.positionOf(k)).toBe(model.findIndex((m) => compareScoreKeys(m, k) === 0));
          for (let start = -1; start <= model.length + 1; start += 1) {
            expect(set.slice(start, start + 3)).toEqual(model.slice(start, start + 3));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("OrderedScores blocks", () => {
  it("rejects a load that is not a whole number of at least 1", () => {
    expect(() => new OrderedScores(0)).toThrow(RangeError);
    expect(() => new OrderedScores(1.5)).toThrow(RangeError);
    expect(() => new OrderedScores(Number.NaN)).toThrow(RangeError);
  });

  it("answers the position a key was added at and removed from", () => {
    const set = new OrderedScores(1);
    expect(set.add(key("c", 30))).toBe(0);
    expect(set.add(key("a", 50))).toBe(0);
    expect(set.add(key("b", 40))).toBe(1);
    expect(set.add(key("d", 10))).toBe(3);
    expect(set.add(key("b", 40))).toBe(-1);
    expect(set.delete(key("b", 40))).toBe(1);
    expect(set.delete(key("b", 40))).toBe(-1);
    expect(set.delete(key("d", 10))).toBe(2);
    expect(ids(set.toArray())).toEqual(["a", "c"]);
  });

  it("counts scores above a value across many blocks and ties that span blocks", () => {
    const set = new OrderedScores(2);
    // 60 keys, scores 9..0 six times each: every tie spans blocks of 1 to 4 keys.
    for (let i = 0; i < 60; i += 1) set.insert(key(`u${String(i).padStart(2, "0")}`, 9 - (i % 10)));
    for (let score = -1; score <= 10; score += 1) {
      expect(set.countAbove(score)).toBe(Math.min(60, Math.max(0, 6 * (9 - score))));
    }
    expect(set.countAbove(4.5)).toBe(30);
  });

  it("stays in step with a sorted array over long random runs with tiny blocks", () => {
    const op = fc.record({
      insert: fc.boolean(),
      user: fc.integer({ min: 0, max: 39 }),
      score: fc.integer({ min: -5, max: 5 }),
      tick: fc.integer({ min: 0, max: 1 }),
      // Most removals take a key that is there (drawn by index), so blocks shrink and merge.
      held: fc.option(fc.nat(), { freq: 4 }),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 50, maxLength: 400 }), fc.integer({ min: 1, max: 6 }), (ops, load) => {
        const set = new OrderedScores(load);
        const model: ScoreKey[] = [];
        for (const { insert, user, score, tick, held } of ops) {
          const drawn = !insert && held !== null && model.length > 0 ? model[held % model.length] : undefined;
          const k = drawn ? { ...drawn } : { userId: `u${user}`, score, tick };
          const index = model.findIndex((m) => compareScoreKeys(m, k) === 0);
          if (insert) {
            const at = index === -1 ? model.filter((m) => compareScoreKeys(m, k) < 0).length : -1;
            expect(set.add(k)).toBe(at);
            if (index === -1) model.splice(at, 0, k);
          } else if (user % 2 === 0) {
            expect(set.delete(k)).toBe(index);
            if (index !== -1) model.splice(index, 1);
          } else {
            // The rank it had, before it went.
            expect(set.removeRanked(k)).toBe(index === -1 ? -1 : 1 + model.filter((m) => m.score > k.score).length);
            if (index !== -1) model.splice(index, 1);
          }
          expect(set.size).toBe(model.length);
          const sizes = set.blockSizes();
          if (sizes.length > 1) for (const size of sizes) expect(2 * size >= load && size <= 2 * load).toBe(true);
        }
        expect(set.toArray()).toEqual(model);
        model.forEach((m, index) => {
          expect(set.at(index)).toBe(m);
          expect(set.at(index - model.length)).toBe(m);
          expect(set.positionOf(m)).toBe(index);
          expect(set.rankAt(index)).toBe(1 + model.filter((o) => o.score > m.score).length);
        });
        for (let score = -6; score <= 6; score += 1) expect(set.countAbove(score)).toBe(model.filter((m) => m.score > score).length);
        for (let start = 0; start <= model.length; start += 7) expect(set.slice(start, start + 11)).toEqual(model.slice(start, start + 11));
      }),
      { numRuns: 200 },
    );
  });

  it("empties and refills after removing every key", () => {
    const set = new OrderedScores(1);
    const keys = Array.from({ length: 20 }, (_, i) => key(`u${i}`, i % 4));
    for (const k of keys) set.insert(k);
    for (const k of keys) expect(set.remove(k)).toBe(true);
    expect(set.size).toBe(0);
    expect(set.toArray()).toEqual([]);
    expect(set.countAbove(0)).toBe(0);
    expect(set.add(key("z", 1))).toBe(0);
    expect(set.at(0)?.userId).toBe("z");
  });
});
