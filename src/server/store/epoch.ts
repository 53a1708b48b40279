import "server-only";

import { randomBytes } from "node:crypto";

import { getSharedRedis, redisCall } from "./redis";

/** The Redis key (under the prefix) that holds the epoch; the chat script reads it too. */
export const EPOCH_KEY = "epoch";
const globalForEpoch = globalThis as typeof globalThis & { __coachproEpoch?: Promise<string>; __coachproMemoryEpoch?: string };
const watched = new WeakSet<object>();

/** A fresh random epoch id: 12 url-safe characters. */
export function newEpochId(): string {
  return randomBytes(9).toString("base64url");
}

/**
 * The store's epoch: a random id for the life of its state. In memory it is
 * made once per process (a restart is a new epoch: the state is gone); with
 * Redis it is kept in Redis (`SET NX`), so every instance and every restart
 * share it for as long as the data lives. Responses and events carry it, and
 * a page that sees another epoch reloads its state instead of trusting its
 * `seq` and `version`. After a reconnect the epoch is read again: a Redis
 * that came back empty (no persistence) starts a new epoch.
 */
export function getStoreEpoch(): Promise<string> {
  const cached = globalForEpoch.__coachproEpoch;
  if (cached) return cached;
  const redis = getSharedRedis();
  if (redis && !watched.has(redis)) {
    watched.add(redis);
    redis.on("ready", resetStoreEpoch);
  }
  const epoch = redis
    ? redisCall(redis, async (r) => {
        await r.set(EPOCH_KEY, newEpochId(), "NX");
        const stored = await r.get(EPOCH_KEY);
        if (!stored) throw new Error("epoch vanished between SET NX and GET");
        return stored;
      })
    : Promise.resolve(memoryEpoch());
  globalForEpoch.__coachproEpoch = epoch;
  // A failed read (Redis down) is not remembered: the next call tries again.
  epoch.catch(() => {
    if (globalForEpoch.__coachproEpoch === epoch) globalForEpoch.__coachproEpoch = undefined;
  });
  return epoch;
}

/** The epoch of this process's in-memory state: made once, gone with the process. */
export function memoryEpoch(): string {
  globalForEpoch.__coachproMemoryEpoch ??= newEpochId();
  return globalForEpoch.__coachproMemoryEpoch;
}

/** Forgets the cached epoch (tests that flush the store, and every reconnect to Redis). */
export function resetStoreEpoch(): void {
  globalForEpoch.__coachproEpoch = undefined;
}
