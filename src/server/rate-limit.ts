import "server-only";

import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

import { RateLimitedError } from "./errors";

export interface RateLimitPolicy {
  /** Requests allowed per window. */
  points: number;
  windowSeconds: number;
}

/** Per-key request budgets. Today in memory; a Redis store slots in behind the same shape. */
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
  /** Chat posts, per user. */
  chat: { points: 20, windowSeconds: 10 },
} satisfies Record<string, RateLimitPolicy>;

export type RateLimitName = keyof typeof POLICIES;

/** Builds the store for one policy; replace to move the counters to Redis (RateLimiterRedis). */
export type RateLimiterFactory = (name: RateLimitName, policy: RateLimitPolicy) => RateLimiterAbstract;

const memoryFactory: RateLimiterFactory = (name, policy) =>
  new RateLimiterMemory({ keyPrefix: name, points: policy.points, duration: policy.windowSeconds });

const globalForLimits = globalThis as typeof globalThis & {
  __coachproLimiters?: Map<RateLimitName, RateLimiterAbstract>;
  __coachproLimiterFactory?: RateLimiterFactory;
};

function limiter(name: RateLimitName): RateLimiterAbstract {
  const limiters = (globalForLimits.__coachproLimiters ??= new Map());
  let found = limiters.get(name);
  if (!found) {
    found = (globalForLimits.__coachproLimiterFactory ?? memoryFactory)(name, POLICIES[name]);
    limiters.set(name, found);
  }
  return found;
}

/** Swaps the store (tests, or a shared Redis store); drops the current counters. */
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

/**
 * Counts one request against `name` for `key`. Returns the X-RateLimit-*
 * headers for the response; over the budget throws 429 with Retry-After.
 */
export async function takeRateLimit(name: RateLimitName, key: string): Promise<Record<string, string>> {
  try {
    return headers(name, await limiter(name).consume(key));
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)), headers(name, error));
  }
}
