import "server-only";

import type Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

import { RateLimitedError } from "./errors";
import { getSharedRedis, redisCall } from "./store/redis";

export interface RateLimitPolicy {
  /** Requests allowed per window. */
  points: number;
  windowSeconds: number;
}

/** Per-key request budgets: in memory, or in Redis (shared by every instance) when REDIS_URL is set. */
export const POLICIES = {
  /** Creating sessions, per IP. */
  session: { points: 10, windowSeconds: 60 },
  /** pusher-js channel authorization, per signed-in user (one call per private channel and reconnect). */
  channelAuth: { points: 120, windowSeconds: 60 },
  /**
   * The same, per address: 20 times looser, so a team behind one gym Wi-Fi
   * address is not refused, while one address cannot sign without bound.
   */
  channelAuthAddress: { points: 2400, windowSeconds: 60 },
  /** The admin API, per token. */
  admin: { points: 600, windowSeconds: 60 },
  /** Awarding points from a coach's session, per coach. */
  scores: { points: 60, windowSeconds: 60 },
  /** Starting classes, per coach. */
  classes: { points: 10, windowSeconds: 60 },
  /** Award history reads and CSV downloads, per user. */
  awardHistory: { points: 120, windowSeconds: 60 },
  /** Chat posts, per user. */
  chat: { points: 20, windowSeconds: 10 },
  /** Editing and deleting chat messages, per user. */
  chatChanges: { points: 30, windowSeconds: 60 },
  /** Setting chat reactions on and off, per user. */
  chatReactions: { points: 60, windowSeconds: 60 },
  /** Moving one's read position, per user (the page sends at most about one a second). */
  chatReads: { points: 120, windowSeconds: 60 },
  /** Pinning and unpinning, per coach (or admin token). */
  chatPins: { points: 30, windowSeconds: 60 },
  /** Who reacted, who has read: look-ups on demand, per user. */
  chatLookups: { points: 120, windowSeconds: 60 },
  /** Member look-ups of the @-mention autocomplete, per user (the box asks at most every keystroke pause). */
  users: { points: 120, windowSeconds: 60 },
  /** Subscribing and unsubscribing devices for Web Push, per user. */
  pushDevices: { points: 20, windowSeconds: 60 },
  /** Starting calls, per coach. */
  calls: { points: 10, windowSeconds: 60 },
  /** Answering calls (accept, decline, leave), per user. */
  callAnswers: { points: 60, windowSeconds: 60 },
  /** File uploads (and removing an unsent upload), per user: a few messages' worth a minute. */
  uploads: { points: 30, windowSeconds: 60 },
  /** Reading files and thumbnails, per user (a chat screen full of photos). */
  files: { points: 600, windowSeconds: 60 },
  /** Reading one's notifications and preferences, per user (every tab loads them on each (re)subscription). */
  noticeReads: { points: 120, windowSeconds: 60 },
  /** Marking notifications read and changing preferences, per user. */
  noticeWrites: { points: 60, windowSeconds: 60 },
} satisfies Record<string, RateLimitPolicy>;

export type RateLimitName = keyof typeof POLICIES;

/** Builds the store for one policy. */
export type RateLimiterFactory = (name: RateLimitName, policy: RateLimitPolicy) => RateLimiterAbstract;

/** Counters in this process's memory (the zero-configuration default). */
export const memoryLimiterFactory: RateLimiterFactory = (name, policy) =>
  new RateLimiterMemory({ keyPrefix: name, points: policy.points, duration: policy.windowSeconds });

/**
 * Counters in Redis (one atomic script per request), so a limit is the
 * team's across every web instance, and survives restarts. Keys:
 * `{REDIS_PREFIX}rate:{policy}:{key}`, each expiring with its window.
 */
export function redisLimiterFactory(redis: Redis): RateLimiterFactory {
  return (name, policy) => {
    const store = new RateLimiterRedis({ storeClient: redis, keyPrefix: `rate:${name}`, points: policy.points, duration: policy.windowSeconds, rejectIfRedisNotReady: true });
    clients.set(store, redis);
    return store;
  };
}

/** The Redis client behind each Redis limiter, for redisCall's error mapping. */
const clients = new WeakMap<RateLimiterAbstract, Redis>();

/** The factory settings pick: Redis when REDIS_URL is set, memory otherwise. */
function defaultFactory(): RateLimiterFactory {
  const redis = getSharedRedis();
  return redis ? redisLimiterFactory(redis) : memoryLimiterFactory;
}

const globalForLimits = globalThis as typeof globalThis & {
  __coachproLimiters?: Map<RateLimitName, RateLimiterAbstract>;
  __coachproLimiterFactory?: RateLimiterFactory;
};

function limiter(name: RateLimitName): RateLimiterAbstract {
  const limiters = (globalForLimits.__coachproLimiters ??= new Map());
  let found = limiters.get(name);
  if (!found) {
    found = (globalForLimits.__coachproLimiterFactory ?? defaultFactory())(name, POLICIES[name]);
    limiters.set(name, found);
  }
  return found;
}

/** Swaps the store (tests); undefined goes back to the one settings pick. Drops the current counters. */
export function setRateLimiterFactory(factory: RateLimiterFactory | undefined): void {
  globalForLimits.__coachproLimiterFactory = factory;
  globalForLimits.__coachproLimiters = new Map();
}

function headers(name: RateLimitName, result: RateLimiterRes): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(POLICIES[name].points),
    "X-RateLimit-Remaining": String(Math.max(0, result.remainingPoints)),
    "X-RateLimit-Reset": String(Math.ceil(result.msBeforeNext / 1000)),
  };
}

/** The limiter's verdict: a RateLimiterRes either way (a refusal is not an error of the store). */
async function consume(store: RateLimiterAbstract, key: string): Promise<{ allowed: boolean; result: RateLimiterRes }> {
  try {
    return { allowed: true, result: await store.consume(key) };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { allowed: false, result: error };
    throw error;
  }
}

/**
 * Counts one request against `name` for `key`. Returns the X-RateLimit-*
 * headers for the response; over the budget throws 429 with Retry-After.
 * With Redis, an unreachable store is 503 (never a silent pass).
 */
export async function takeRateLimit(name: RateLimitName, key: string): Promise<Record<string, string>> {
  const store = limiter(name);
  const redis = clients.get(store);
  const { allowed, result } = redis ? await redisCall(redis, () => consume(store, key)) : await consume(store, key);
  if (!allowed) throw new RateLimitedError(Math.max(1, Math.ceil(result.msBeforeNext / 1000)), headers(name, result));
  return headers(name, result);
}
