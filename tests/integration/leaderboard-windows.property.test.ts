/**
 * Property: whatever the awards and however time moves (across days, weeks
 * and months, in two time zones), every window's board — team and class —
 * holds exactly the points given in its current period with competition
 * ranks (1, 2, 2, 4), and movement over the day is measured from the ranks
 * at the day's start: all checked against a brute-force reference, on both
 * stores.
 */
import fc from "fast-check";
import type Redis from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { LEADERBOARD_WINDOWS, type Entry } from "@/lib/schemas";
import { MemoryLeaderboardStore, type LeaderboardStore } from "@/server/leaderboard/leaderboard-store";
import { periodOf } from "@/server/leaderboard/periods";
import { RedisLeaderboardStore } from "@/server/leaderboard/redis-leaderboard-store";

import { readyClient } from "../support/redis-client";
import { startTestRedis, type TestRedis } from "../support/redis-server";

let redis: TestRedis;
const clients: Redis[] = [];
let prefixes = 0;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});
afterAll(() => redis.stop());

interface Given {
  athlete: string;
  points: number;
  classId?: string;
  at: Date;
}

const step = fc.record({
  athlete: fc.integer({ min: 0, max: 6 }).map((i) => `a${i}`),
  points: fc.integer({ min: -30, max: 60 }).filter((points) => points !== 0),
  classId: fc.option(fc.constantFrom("red", "blue"), { nil: undefined }),
  // Mostly small steps, sometimes a jump over a day or a week.
  hours: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 20, max: 200 })),
});

/** The board a window should show at `now`: each athlete awarded in its current period, with competition ranks. */
function expected(given: readonly Given[], window: (typeof LEADERBOARD_WINDOWS)[number], classId: string | undefined, now: Date, timeZone: string) {
  const current = periodOf(window, now, timeZone).key;
  const totals = new Map<string, number>();
  for (const award of given) {
    if (classId !== undefined && award.classId !== classId) continue;
    if (periodOf(window, award.at, timeZone).key !== current) continue;
    totals.set(award.athlete, (totals.get(award.athlete) ?? 0) + award.points);
  }
  const scores = [...totals.values()];
  return [...totals]
    .map(([userId, score]) => [userId, score, 1 + scores.filter((other) => other > score).length] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Ranks at the start of today's period (null: no award before it). */
function expectedStartRanks(given: readonly Given[], now: Date, timeZone: string): Map<string, number | null> {
  const start = periodOf("day", now, timeZone).start.getTime();
  const before = new Map<string, number>();
  for (const award of given) if (award.at.getTime() < start) before.set(award.athlete, (before.get(award.athlete) ?? 0) + award.points);
  const scores = [...before.values()];
  const ranks = new Map<string, number | null>();
  for (const award of given) ranks.set(award.athlete, before.has(award.athlete) ? 1 + scores.filter((other) => other > before.get(award.athlete)!).length : null);
  return ranks;
}

const shown = (rows: Entry[]) => rows.map((row) => [row.userId, row.score, row.rank] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));

async function check(makeStore: (timeZone: string) => Promise<LeaderboardStore>, runs: number) {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), fc.constantFrom("UTC", "America/New_York", "Asia/Kolkata"), async (steps, timeZone) => {
      const store = await makeStore(timeZone);
      const given: Given[] = [];
      // A Sunday evening near the end of November: steps soon cross a day, a week and a month.
      let now = new Date("2026-11-29T20:30:00.000Z");
      for (const { athlete, points, classId, hours } of steps) {
        now = new Date(now.getTime() + hours * 3_600_000);
        await store.apply([{ userId: athlete, points, name: athlete.toUpperCase(), ...(classId ? { classId } : {}) }], { maxAthletes: 100, now });
        given.push({ athlete, points, at: now, ...(classId ? { classId } : {}) });
        for (const window of LEADERBOARD_WINDOWS) {
          for (const classId of [undefined, "red"]) {
            const page = await store.read({ limit: 50, window, now, ...(classId ? { classId } : {}) });
            expect(shown(page!.leaderboard), `${window} ${classId ?? "team"} at ${now.toISOString()} ${timeZone}`).toEqual(expected(given, window, classId, now, timeZone));
            expect(page!.total).toBe(page!.leaderboard.length);
            // Listed in rank order.
            expect(page!.leaderboard.map((row) => row.rank)).toEqual([...page!.leaderboard.map((row) => row.rank)].sort((a, b) => a - b));
          }
        }
        const moving = await store.read({ limit: 50, movement: "day", now });
        const startRanks = expectedStartRanks(given, now, timeZone);
        for (const row of moving!.leaderboard) {
          expect(row.periodRank, `${row.userId} at the start of the day, ${now.toISOString()} ${timeZone}`).toBe(startRanks.get(row.userId));
          expect(row.movement).toBe(row.periodRank === null ? null : row.periodRank! - row.rank);
        }
      }
    }),
    { numRuns: runs },
  );
}

describe("time-window boards against a brute-force reference", () => {
  it("memory: window and class boards, ties and movement over 80 random award histories", async () => {
    await check(async (timeZone) => new MemoryLeaderboardStore(1000, timeZone), 80);
  }, 60_000);

  it("redis: the same over 25 histories", async () => {
    await check(async (timeZone) => {
      const client = await readyClient(redis.url, `lb-property-${++prefixes}:`);
      clients.push(client);
      return new RedisLeaderboardStore(client, undefined, timeZone);
    }, 25);
  }, 120_000);
});
