import type Redis from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { BoardFullError, MemoryLeaderboardStore, type BoardChange, type LeaderboardStore } from "@/server/leaderboard/leaderboard-store";
import { RedisLeaderboardStore } from "@/server/leaderboard/redis-leaderboard-store";
import { InvalidScoreUpdateError, UnknownAthleteError, type ScoreUpdate } from "@/server/ranking/leaderboard";

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

/** A connected Redis client on a prefix of its own (an empty store), or on `sameDataAs`'s data (another instance, a restart). */
async function redisClient(sameDataAs?: Redis): Promise<Redis> {
  const client = await readyClient(redis.url, sameDataAs?.options.keyPrefix ?? `lb-contract-${++prefixes}:`);
  clients.push(client);
  return client;
}

const BACKENDS = {
  memory: async () => new MemoryLeaderboardStore(),
  redis: async () => new RedisLeaderboardStore(await redisClient()),
} satisfies Record<string, () => Promise<LeaderboardStore>>;

const MAX = 100_000;
const add = (store: LeaderboardStore, updates: ScoreUpdate[], idempotencyKey?: string) => store.apply(updates, { maxAthletes: MAX, idempotencyKey });
const ids = (change: BoardChange | { leaderboard: { userId: string }[] }) =>
  ("top" in change ? change.top : change.leaderboard).map((row) => row.userId);

describe.each(Object.keys(BACKENDS) as (keyof typeof BACKENDS)[])("LeaderboardStore (%s)", (backend) => {
  const make = BACKENDS[backend];

  it("ranks scores [100, 90, 90, 80] as 1, 2, 2, 4 and orders a same-batch tie by userId", async () => {
    const change = await add(await make(), [
      { userId: "dee", points: 80, name: "Dee" },
      { userId: "cy", points: 90, name: "Cy" },
      { userId: "ben", points: 90, name: "Ben" },
      { userId: "ana", points: 100, name: "Ana" },
    ]);
    expect(change.top.map((row) => [row.userId, row.rank, row.previousRank])).toEqual([
      ["ana", 1, null],
      ["ben", 2, null],
      ["cy", 2, null],
      ["dee", 4, null],
    ]);
    expect(change).toMatchObject({ total: 4, replayed: false, result: { version: 1, updatedUserIds: ["ana", "ben", "cy", "dee"] } });
  });

  it("lists whoever reached a tied score first ahead, and reports previousRank, change and displaced athletes", async () => {
    const store = await make();
    await add(store, ["a", "b", "c", "d", "e"].map((id, i) => ({ userId: id, points: 50 - i * 10, name: id.toUpperCase() })));
    await add(store, [{ userId: "c", points: 20 }]);
    const tie = await add(store, [{ userId: "e", points: 40 }]);
    expect(ids(tie)).toEqual(["a", "c", "e", "b", "d"]);
    expect(tie.top.map((row) => row.rank)).toEqual([1, 1, 1, 4, 5]);
    const climb = await add(store, [{ userId: "d", points: 100 }]);
    expect(climb.result.changes.map((row) => [row.userId, row.rank, row.previousRank, row.change])).toEqual([
      ["d", 1, 5, 4],
      ["a", 2, 1, -1],
      ["c", 2, 1, -1],
      ["e", 2, 1, -1],
      ["b", 5, 4, -1],
    ]);
    expect(climb.result.updatedUserIds).toEqual(["d"]);
  });

  it("applies a batch atomically: an unknown athlete or an impossible score changes nothing", async () => {
    const store = await make();
    await add(store, [{ userId: "ana", points: 10, name: "Ana" }]);
    await expect(add(store, [{ userId: "ana", points: 5 }, { userId: "ghost", points: 5 }])).rejects.toBeInstanceOf(UnknownAthleteError);
    await expect(add(store, [{ userId: "ana", points: 1.5 }])).rejects.toBeInstanceOf(InvalidScoreUpdateError);
    await expect(store.apply([{ userId: "new", points: 1, name: "N" }], { maxAthletes: 1 })).rejects.toBeInstanceOf(BoardFullError);
    expect(await store.read({ limit: 10 })).toMatchObject({ version: 1, total: 1, leaderboard: [{ userId: "ana", score: 10 }] });
  });

  it("sums repeated athletes in a batch, keeps the last name, and renames", async () => {
    const store = await make();
    const change = await add(store, [
      { userId: "ana", points: 5, name: "Ana" },
      { userId: "ana", points: 7, name: "Anna" },
    ]);
    expect(change.top).toEqual([{ userId: "ana", name: "Anna", score: 12, rank: 1, previousRank: null, change: null }]);
    await add(store, [{ userId: "ana", points: 1, name: "Ana B" }]);
    expect((await store.read({ limit: 1 }))?.leaderboard[0]).toMatchObject({ name: "Ana B", score: 13, previousRank: 1, change: 0 });
  });

  it("gives the first answer again for a repeated idempotency key, changing nothing", async () => {
    const store = await make();
    const first = await add(store, [{ userId: "ana", points: 10, name: "Ana" }], "admin:key-0001");
    const again = await add(store, [{ userId: "ana", points: 10, name: "Ana" }], "admin:key-0001");
    expect(again).toEqual({ ...first, replayed: true });
    expect((await store.read({ limit: 5 }))?.leaderboard[0]?.score).toBe(10);
    expect((await add(store, [{ userId: "ana", points: 1 }], "admin:key-0002")).replayed).toBe(false);
  });

  it("reads the top rows and one athlete's neighbourhood, null for an unknown one", async () => {
    const store = await make();
    await add(store, Array.from({ length: 30 }, (_, i) => ({ userId: `u${i}`, points: 1000 - i, name: `U${i}` })));
    expect(ids((await store.read({ limit: 5, around: "u15" }))!)).toEqual(["u13", "u14", "u15", "u16", "u17"]);
    expect(ids((await store.read({ limit: 5, around: "u29" }))!)).toEqual(["u25", "u26", "u27", "u28", "u29"]);
    expect(await store.read({ limit: 5, around: "nobody" })).toBeNull();
    expect(await store.read({ limit: 2 })).toMatchObject({ total: 30, version: 1 });
  });

  it("removes an athlete and lists who moved up; resets to an empty board with a newer version", async () => {
    const store = await make();
    await add(store, [{ userId: "a", points: 3, name: "A" }, { userId: "b", points: 2, name: "B" }, { userId: "c", points: 1, name: "C" }]);
    const removed = await store.remove("a");
    expect(removed?.result.changes.map((row) => [row.userId, row.rank, row.previousRank])).toEqual([
      ["b", 1, 2],
      ["c", 2, 3],
    ]);
    expect(removed).toMatchObject({ total: 2, result: { version: 2 } });
    expect(await store.remove("a")).toBeNull();
    const reset = await store.reset();
    expect(reset).toMatchObject({ total: 0, top: [], result: { version: 3, changes: [] } });
    const after = await add(store, [{ userId: "b", points: 1, name: "B" }]);
    expect(after).toMatchObject({ total: 1, result: { version: 4 }, top: [{ userId: "b", previousRank: null }] });
  });
});

describe("RedisLeaderboardStore across instances and restarts", () => {
  it("keeps the board and its version for a second client (another instance, or the app after a restart)", async () => {
    const first = await redisClient();
    await add(new RedisLeaderboardStore(first), [{ userId: "ana", points: 10, name: "Ana" }]);
    const second = new RedisLeaderboardStore(await redisClient(first));
    const next = await add(second, [{ userId: "ben", points: 20, name: "Ben" }]);
    expect(next.result.version).toBe(2);
    expect(next.top.map((row) => [row.userId, row.rank])).toEqual([
      ["ben", 1],
      ["ana", 2],
    ]);
    expect((await add(second, [{ userId: "ana", points: 10 }], "k-00000001")).replayed).toBe(false);
    expect((await add(new RedisLeaderboardStore(first), [{ userId: "ana", points: 10 }], "k-00000001")).replayed).toBe(true);
  });

  it("interleaves concurrent awards from two clients into one ranking with versions 1..n, each once", async () => {
    const shared = await redisClient();
    const a = new RedisLeaderboardStore(shared);
    const b = new RedisLeaderboardStore(await redisClient(shared));
    const changes = await Promise.all(Array.from({ length: 60 }, (_, i) => add(i % 2 ? a : b, [{ userId: `u${i % 7}`, points: i + 1, name: `U${i % 7}` }])));
    expect(changes.map((change) => change.result.version).sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const page = await a.read({ limit: 10 });
    expect(page?.leaderboard.reduce((sum, row) => sum + row.score, 0)).toBe((60 * 61) / 2);
  });
});

const withoutIds = (value: unknown) => JSON.parse(JSON.stringify(value, (key, field) => (key === "id" || key === "undoneBy" ? undefined : field)));

describe("Redis and memory agree on every answer", () => {
  it("gives identical changes, top rows and pages over 300 random awards, removals and resets", async () => {
    const memory = new MemoryLeaderboardStore();
    const store = new RedisLeaderboardStore(await redisClient());
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let step = 0; step < 300; step += 1) {
      const now = new Date(Date.UTC(2026, 0, 1, 0, 0, step));
      const roll = random(100);
      let answers: [unknown, unknown];
      if (roll < 3) {
        answers = [await memory.reset(now), await store.reset(now)];
      } else if (roll < 12) {
        const userId = `u${random(40)}`;
        answers = [await memory.remove(userId, now), await store.remove(userId, now)];
      } else {
        const updates = Array.from({ length: 1 + random(roll < 30 ? 12 : 2) }, () => ({ userId: `u${random(40)}`, points: random(2) ? 1 + random(30) : -random(30) || 1, name: `U${random(40)}` }));
        answers = [await memory.apply(updates, { maxAthletes: MAX, now }), await store.apply(updates, { maxAthletes: MAX, now })];
      }
      // Award ids are random: everything else must agree.
      expect(withoutIds(answers[1]), `step ${step}`).toEqual(withoutIds(answers[0]));
      const around = `u${random(40)}`;
      expect(await store.read({ limit: 7, around }), `around at step ${step}`).toEqual(await memory.read({ limit: 7, around }));
    }
    expect(await store.read({ limit: 100 })).toEqual(await memory.read({ limit: 100 }));
  }, 30_000);
});
