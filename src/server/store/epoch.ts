import "server-only";

import { randomBytes } from "node:crypto";

import { getSharedRedis, redisCall } from "./redis";

const EPOCH_KEY = "epoch";
const globalForEpoch = globalThis as typeof globalThis & { __coachproEpoch?: Promise<string> };

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
 * `seq` and `version`.
 */
export function getStoreEpoch(): Promise<string> {
  const cached = globalForEpoch.__coachproEpoch;
  if (cached) return cached;
  const redis = getSharedRedis();
  const epoch = redis
    ? redisCall(redis, async (r) => {
        await r.set(EPOCH_KEY, newEpochId(), "NX");
        const stored = await r.get(EPOCH_KEY);
        if (!stored) throw new Error("epoch vanished between SET NX and GET");
        return stored;
      })
    : Promise.resolve(newEpochId());
  globalForEpoch.__coachproEpoch = epoch;
  // A failed read (Redis down) is not remembered: the next call tries again.
  epoch.catch(() => {
    if (globalForEpoch.__coachproEpoch === epoch) globalForEpoch.__coachproEpoch = undefined;
  });
  return epoch;
}

/** Forgets the cached epoch (tests that flush the store). */
export function resetStoreEpoch(): void {
  globalForEpoch.__coachproEpoch = undefined;
}
