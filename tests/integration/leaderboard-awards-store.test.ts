import type Redis from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { AwardNotFoundError, UndoOfUndoError, type AwardUpdate } from "@/server/leaderboard/awards";
import { MemoryLeaderboardStore, type BoardQuery, type LeaderboardStore } from "@/server/leaderboard/leaderboard-store";
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

async function redisClient(): Promise<Redis> {
  const client = await readyClient(redis.url, `lb-awards-${++prefixes}:`);
  clients.push(client);
  return client;
}

const BACKENDS = {
  memory: async (timeZone = "UTC") => ({ store: new MemoryLeaderboardStore(1000, timeZone) as LeaderboardStore, client: undefined as Redis | undefined }),
  redis: async (timeZone = "UTC") => {
    const client = await redisClient();
    return { store: new RedisLeaderboardStore(client, undefined, timeZone) as LeaderboardStore, client };
  },
};

const MAX = 100_000;
const COACH = { coachId: "coach-1", coachName: "Cora" };
// Wednesday 2026-12-02, noon UTC.
const WED = new Date("2026-12-02T12:00:00.000Z");
const later = (hours: number, from = WED) => new Date(from.getTime() + hours * 3_600_000);
const scores = (page: { leaderboard: { userId: string; score: number; rank: number }[] } | null) => page?.leaderboard.map((row) => [row.userId, row.score, row.rank]);

describe.each(Object.keys(BACKENDS) as (keyof typeof BACKENDS)[])("awards, windows and class boards (%s)", (backend) => {
  const make = BACKENDS[backend];
  const give = (store: LeaderboardStore, updates: AwardUpdate[], now = WED, idempotencyKey?: string) => store.apply(updates, { maxAthletes: MAX, now, by: COACH, ...(idempotencyKey ? { idempotencyKey } : {}) });
  const read = (store: LeaderboardStore, query: Partial<BoardQuery>) => store.read({ limit: 50, now: WED, ...query });

  it("records each award with an id, who gave it, reason and class, and lists them newest first with filters and a cursor", async () => {
    const { store } = await make();
    const first = await give(store, [
      { userId: "ana", points: 10, name: "Ana", reason: "PR deadlift", classId: "u12" },
      { userId: "ben", points: 5, name: "Ben" },
    ]);
    expect(first.awards).toMatchObject([
      { athleteId: "ana", athleteName: "Ana", points: 10, reason: "PR deadlift", classId: "u12", coachId: "coach-1", coachName: "Cora", at: WED.toISOString() },
      { athleteId: "ben", athleteName: "Ben", points: 5, coachId: "coach-1" },
    ]);
    expect(first.awards[0]!.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(first.awards[1]!.reason).toBeUndefined();
    await store.apply([{ userId: "ana", points: 3 }], { maxAthletes: MAX, now: later(1) });
    const all = await store.awards({ limit: 10 });
    expect(all.awards.map((award) => [award.athleteId, award.points, award.coachId, award.athleteName])).toEqual([
      ["ana", 3, "admin", "Ana"],
      ["ben", 5, "coach-1", "Ben"],
      ["ana", 10, "coach-1", "Ana"],
    ]);
    expect(all.nextCursor).toBeNull();
    expect((await store.awards({ limit: 10, athlete: "ana" })).awards.map((award) => award.points)).toEqual([3, 10]);
    expect((await store.awards({ limit: 10, coach: "coach-1" })).awards.map((award) => award.points)).toEqual([5, 10]);
    expect((await store.awards({ limit: 10, from: later(0.5) })).awards.map((award) => award.points)).toEqual([3]);
    expect((await store.awards({ limit: 10, to: later(0.5) })).awards.map((award) => award.points)).toEqual([5, 10]);
    const page1 = await store.awards({ limit: 2 });
    expect(page1.awards).toHaveLength(2);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await store.awards({ limit: 2, cursor: page1.nextCursor! });
    expect(page2.awards.map((award) => award.points)).toEqual([10]);
  });

  it("replays an idempotent batch with the same award ids and records it once", async () => {
    const { store } = await make();
    const first = await give(store, [{ userId: "ana", points: 10, name: "Ana" }], WED, "coach-1:award-0001");
    const again = await give(store, [{ userId: "ana", points: 10, name: "Ana" }], WED, "coach-1:award-0001");
    expect(again.replayed).toBe(true);
    expect(again.awards.map((award) => award.id)).toEqual(first.awards.map((award) => award.id));
    expect((await store.awards({ limit: 10 })).awards).toHaveLength(1);
  });

  it("undoes an award once with a compensating award, refuses an undo of an undo and unknown ids", async () => {
    const { store } = await make();
    const given = await give(store, [{ userId: "ana", points: 25, name: "Ana", reason: "Sprint", classId: "u12" }, { userId: "ben", points: 10, name: "Ben" }]);
    const id = given.awards[0]!.id;
    const undo = await store.undo(id, { maxAthletes: MAX, now: later(0.01), by: COACH });
    expect(undo.replayed).toBe(false);
    expect(undo.award).toMatchObject({ athleteId: "ana", points: -25, undoOf: id, reason: "Sprint", classId: "u12", coachId: "coach-1" });
    expect(undo.original).toMatchObject({ id, undoneBy: undo.award.id, undoneAt: later(0.01).toISOString() });
    expect(undo.top.map((row) => [row.userId, row.score, row.rank])).toEqual([
      ["ben", 10, 1],
      ["ana", 0, 2],
    ]);
    // Every board the award counted on is compensated: team and class, each window.
    expect(undo.boards.map((board) => `${board.board?.classId ?? "team"}/${board.board?.window}`)).toEqual(["team/all", "team/day", "team/week", "team/month", "u12/all", "u12/day", "u12/week", "u12/month"]);
    expect(scores(await read(store, { window: "day", classId: "u12", now: later(0.01) }))).toEqual([["ana", 0, 1]]);

    const again = await store.undo(id, { maxAthletes: MAX, now: later(0.02), by: COACH });
    expect(again.replayed).toBe(true);
    expect(again.award.id).toBe(undo.award.id);
    expect(scores(await read(store, { now: later(0.02) }))).toEqual([
      ["ben", 10, 1],
      ["ana", 0, 2],
    ]);
    await expect(store.undo(undo.award.id, { maxAthletes: MAX, by: COACH })).rejects.toBeInstanceOf(UndoOfUndoError);
    await expect(store.undo("no-such-award", { maxAthletes: MAX, by: COACH })).rejects.toBeInstanceOf(AwardNotFoundError);
    const history = (await store.awards({ limit: 10 })).awards;
    expect(history.map((award) => [award.athleteId, award.points, award.undoOf ?? null, award.undoneBy ?? null])).toEqual([
      ["ana", -25, id, null],
      ["ben", 10, null, null],
      ["ana", 25, null, undo.award.id],
    ]);
  });

  it("keeps day, week, month and all-time boards with shared ranks, each with its own versions", async () => {
    const { store } = await make();
    await give(store, [{ userId: "ana", points: 100, name: "Ana" }, { userId: "ben", points: 50, name: "Ben" }], later(-48)); // Monday
    const today = await give(store, [
      { userId: "cy", points: 30, name: "Cy" },
      { userId: "ben", points: 30 },
      { userId: "dee", points: 20, name: "Dee" },
    ]);
    expect(today.boards.map((board) => [board.board?.window, board.result.version])).toEqual([
      ["all", 2],
      ["day", 3], // Monday's day board rolled over (one version), then this award
      ["week", 2],
      ["month", 3], // Monday was November 30
    ]);
    expect(scores(await read(store, { window: "day" }))).toEqual([
      ["ben", 30, 1],
      ["cy", 30, 1],
      ["dee", 20, 3],
    ]);
    expect(scores(await read(store, { window: "week" }))).toEqual([
      ["ana", 100, 1],
      ["ben", 80, 2],
      ["cy", 30, 3],
      ["dee", 20, 4],
    ]);
    expect(await read(store, { window: "day" })).toMatchObject({ version: 3, total: 3, board: { window: "day" }, period: { start: "2026-12-02T00:00:00.000Z", end: "2026-12-03T00:00:00.000Z" } });
    expect(await read(store, { window: "all" })).toMatchObject({ version: 2, period: null });
  });

  it("starts a new period empty, one version on, and drops the old one", async () => {
    const { store, client } = await make();
    await give(store, [{ userId: "ana", points: 10, name: "Ana" }]);
    const tomorrow = later(24);
    expect(await read(store, { window: "day", now: tomorrow })).toMatchObject({ leaderboard: [], total: 0, version: 2 });
    expect(await read(store, { window: "day", now: tomorrow, around: "ana" })).toBeNull();
    expect(scores(await read(store, { window: "week", now: tomorrow }))).toEqual([["ana", 10, 1]]);
    const next = await give(store, [{ userId: "ben", points: 5, name: "Ben" }], tomorrow);
    expect(next.boards[1]).toMatchObject({ board: { window: "day" }, total: 1, result: { version: 3 } });
    expect(next.boards[1]!.top.map((row) => [row.userId, row.previousRank])).toEqual([["ben", null]]);
    expect(scores(await read(store, { window: "day", now: tomorrow }))).toEqual([["ben", 5, 1]]);
    if (client) {
      // Each period's keys expire a day after the period ends.
      const ttl = await client.ttl("lb:team/day:d2026-12-03:scores");
      expect(ttl).toBeGreaterThan(24 * 3600);
      expect(ttl).toBeLessThanOrEqual(48 * 3600);
      expect(await client.ttl("lb:scores")).toBe(-1);
    }
  });

  it("counts an award with a class on that class's boards too, and only there among classes", async () => {
    const { store } = await make();
    await give(store, [
      { userId: "ana", points: 10, name: "Ana", classId: "u12" },
      { userId: "ben", points: 20, name: "Ben", classId: "u14" },
      { userId: "cy", points: 15, name: "Cy", classId: "u12" },
    ]);
    expect(scores(await read(store, { classId: "u12" }))).toEqual([
      ["cy", 15, 1],
      ["ana", 10, 2],
    ]);
    expect(scores(await read(store, { classId: "u14", window: "month" }))).toEqual([["ben", 20, 1]]);
    expect(scores(await read(store, {}))).toEqual([
      ["ben", 20, 1],
      ["cy", 15, 2],
      ["ana", 10, 3],
    ]);
    expect(await read(store, { classId: "nobody" })).toMatchObject({ leaderboard: [], version: 0, board: { window: "all", classId: "nobody" } });
  });

  it("undoes yesterday's award on the all-time board and the week, not on today's board", async () => {
    const { store } = await make();
    const given = await give(store, [{ userId: "ana", points: 40, name: "Ana" }]);
    await give(store, [{ userId: "ana", points: 5 }], later(24));
    const undo = await store.undo(given.awards[0]!.id, { maxAthletes: MAX, now: later(24.1), by: COACH });
    expect(undo.boards.map((board) => board.board?.window)).toEqual(["all", "week", "month"]);
    expect(scores(await read(store, { now: later(24.1) }))).toEqual([["ana", 5, 1]]);
    expect(scores(await read(store, { window: "day", now: later(24.1) }))).toEqual([["ana", 5, 1]]);
    expect(scores(await read(store, { window: "week", now: later(24.1) }))).toEqual([["ana", 5, 1]]);
  });

  it("gives rank movement over a period on the all-time board: rank at the period's start, new athletes null", async () => {
    const { store } = await make();
    await give(store, [
      { userId: "ana", points: 50, name: "Ana" },
      { userId: "ben", points: 40, name: "Ben" },
      { userId: "cy", points: 30, name: "Cy" },
      { userId: "dee", points: 30, name: "Dee" },
    ], later(-24));
    // Today: cy passes everyone, a newcomer arrives, ben drops.
    await give(store, [{ userId: "cy", points: 30 }], later(0));
    await give(store, [{ userId: "eve", points: 45, name: "Eve" }, { userId: "ben", points: -15 }], later(1));
    const page = await read(store, { movement: "day", now: later(2) });
    expect(page?.leaderboard.map((row) => [row.userId, row.rank, row.periodRank, row.movement])).toEqual([
      ["cy", 1, 3, 2],
      ["ana", 2, 1, -1],
      ["eve", 3, null, null],
      ["dee", 4, 3, -1],
      ["ben", 5, 2, -3],
    ]);
    expect(page?.movementPeriod).toEqual({ window: "day", start: "2026-12-02T00:00:00.000Z", end: "2026-12-03T00:00:00.000Z" });
    // The week began on Monday, before the first awards: everyone is new this week.
    expect((await read(store, { movement: "week", now: later(2) }))?.leaderboard.every((row) => row.periodRank === null)).toBe(true);
    // Tomorrow nothing moved yet.
    expect((await read(store, { movement: "day", now: later(24) }))?.leaderboard.map((row) => row.movement)).toEqual([0, 0, 0, 0, 0]);
    // A removed athlete no longer counts at the start either.
    await store.remove("ana", later(3));
    expect((await read(store, { movement: "day", now: later(3) }))?.leaderboard.map((row) => [row.userId, row.periodRank])).toEqual([
      ["cy", 2],
      ["eve", null],
      ["dee", 2],
      ["ben", 1],
    ]);
  });

  it("uses the team time zone for period boundaries", async () => {
    const { store } = await make("America/New_York");
    // 03:00 UTC on Dec 2 is still Dec 1 in New York.
    await give(store, [{ userId: "ana", points: 10, name: "Ana" }], new Date("2026-12-02T03:00:00.000Z"));
    const page = await read(store, { window: "day", now: new Date("2026-12-02T04:00:00.000Z") });
    expect(page).toMatchObject({ total: 1, period: { start: "2026-12-01T05:00:00.000Z", end: "2026-12-02T05:00:00.000Z" } });
    expect(await read(store, { window: "day", now: new Date("2026-12-02T05:00:00.000Z") })).toMatchObject({ total: 0 });
  });
});
