/**
 * (i) Store writes, memory beside Redis in the same run: chat appends and
 * leaderboard awards per second through the stores the routes use, with
 * `concurrency` writes in flight, in this process. Redis is a real
 * `redis-server` (Debian's package) started on a free loopback port with
 * persistence off, and stopped after. What HTTP adds on top is part (c).
 */
import type Redis from "ioredis";

import { MemoryChatStore, type ChatStore } from "../src/server/chat/chat-store";
import { RedisChatStore } from "../src/server/chat/redis-chat-store";
import { MemoryLeaderboardStore, type LeaderboardStore } from "../src/server/leaderboard/leaderboard-store";
import { RedisLeaderboardStore } from "../src/server/leaderboard/redis-leaderboard-store";
import { createRedisClient } from "../src/server/store/redis";
import { startTestRedis } from "../tests/support/redis-server";
import { newHistogram, summarize, type Summary } from "./lib/histogram";
import { withTimeout } from "./lib/time";

export interface StoreWritesOptions {
  /** Measured seconds per store and write. */
  seconds: number;
  concurrency: number;
  /** Athletes the awards spread over (created by a first award each, not measured). */
  athletes: number;
  log: (line: string) => void;
}

export interface StoreWritesRow {
  store: "memory" | "redis";
  write: "chat append" | "leaderboard award";
  writesPerSecond: number;
  /** Per write, ms. */
  latencyMs: Summary;
  /** Writes per second ÷ memory's for the same write. */
  vsMemory: number;
}

const MAX_ATHLETES = 100_000;

async function measure(seconds: number, concurrency: number, write: (i: number) => Promise<unknown>): Promise<{ perSecond: number; latencyMs: Summary }> {
  const latency = newHistogram();
  let next = 0;
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const i = next++;
        const sent = performance.now();
        await write(i);
        latency.recordValue(Math.max(1, Math.round((performance.now() - sent) * 1000)));
        done += 1;
      }
    }),
  );
  return { perSecond: Math.round(done / ((performance.now() - start) / 1000)), latencyMs: summarize(latency) };
}

async function ready(client: Redis): Promise<Redis> {
  if (client.status !== "ready") await withTimeout(new Promise((resolve) => client.once("ready", resolve)), 5_000, "connecting to redis-server");
  return client;
}

export async function runStoreWrites(options: StoreWritesOptions): Promise<StoreWritesRow[]> {
  const redis = await startTestRedis();
  const clients: Redis[] = [];
  try {
    const client = await ready(createRedisClient(redis.url, "bench:"));
    clients.push(client);
    const stores: { store: StoreWritesRow["store"]; chat: ChatStore; board: LeaderboardStore }[] = [
      { store: "memory", chat: new MemoryChatStore(), board: new MemoryLeaderboardStore() },
      { store: "redis", chat: new RedisChatStore(client), board: new RedisLeaderboardStore(client) },
    ];
    const rows: StoreWritesRow[] = [];
    for (const { store, chat, board } of stores) {
      options.log(`store writes: chat appends (${store})`);
      const appends = await measure(options.seconds, options.concurrency, (i) =>
        chat.append({ userId: `u${i % 50}`, user: `User ${i % 50}`, message: `bench message ${i}`, clientMessageId: `bench-${store}-${i}` }),
      );
      rows.push({ store, write: "chat append", writesPerSecond: appends.perSecond, latencyMs: appends.latencyMs, vsMemory: 1 });

      options.log(`store writes: leaderboard awards (${store})`);
      for (let first = 0; first < options.athletes; first += 100) {
        const batch = Array.from({ length: Math.min(100, options.athletes - first) }, (_, j) => ({ userId: `a${first + j}`, points: 1 + ((first + j) % 997), name: `Athlete ${first + j}` }));
        await board.apply(batch, { maxAthletes: MAX_ATHLETES });
      }
      const awards = await measure(options.seconds, options.concurrency, (i) =>
        board.apply([{ userId: `a${(i * 7919) % options.athletes}`, points: 1 + (i % 50) }], { maxAthletes: MAX_ATHLETES, idempotencyKey: `bench:${store}:${i}` }),
      );
      rows.push({ store, write: "leaderboard award", writesPerSecond: awards.perSecond, latencyMs: awards.latencyMs, vsMemory: 1 });
    }
    return rows.map((row) => {
      const memory = rows.find((other) => other.store === "memory" && other.write === row.write)!;
      return { ...row, vsMemory: Math.round((row.writesPerSecond / Math.max(1, memory.writesPerSecond)) * 100) / 100 };
    });
  } finally {
    for (const client of clients) client.disconnect();
    await redis.stop();
  }
}
