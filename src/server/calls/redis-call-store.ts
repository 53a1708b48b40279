import "server-only";

import type Redis from "ioredis";

import { callSchema, type Call } from "@/lib/call-schemas";
import { CALL_TTL_MS } from "@/lib/calls";

import { StoreUnavailableError } from "../errors";
import { redisCall } from "../store/redis";
import { applyMove, CallNotFoundError, type CallMove } from "./call-rules";
import { MAX_ACTIVE_PER_USER, type CallStore } from "./call-store";

const KEYS = {
  /** string: the call's JSON, expiring with the call's record */
  call: (id: string) => `call:${id}`,
  /** sorted set: the ids of a person's calls, scored by start time; expires with their newest call */
  user: (userId: string) => `call:user:${userId}`,
};

/**
 * Compare-and-set: replaces the call only if it is still what was read,
 * keeping its expiry. KEYS: call. ARGV: JSON read, new JSON.
 * Returns 1 when written, 0 when the call changed (or expired) meanwhile.
 */
const SWAP_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1
`;

/** Attempts at an answer when other answers to the same call keep landing in between. */
const MAX_ATTEMPTS = 8;

type CallRedis = Redis & { coachproSwapCall(key: string, read: string, next: string): Promise<number> };

/**
 * The calls in Redis, shared by every instance: one JSON string per call
 * with its expiry. An answer is read, applied (applyMove, the same rules as
 * memory) and written back with a compare-and-set, retried when another
 * answer landed in between, so no answer is lost.
 */
export class RedisCallStore implements CallStore {
  private readonly redis: CallRedis;

  constructor(
    redis: Redis,
    private readonly ttlMs = CALL_TTL_MS,
  ) {
    if (!("coachproSwapCall" in redis)) redis.defineCommand("coachproSwapCall", { numberOfKeys: 1, lua: SWAP_SCRIPT });
    this.redis = redis as CallRedis;
  }

  async create(call: Call): Promise<void> {
    const startedAt = Date.parse(call.createdAt);
    await redisCall(this.redis, async (r) => {
      const write = r.multi().set(KEYS.call(call.id), JSON.stringify(call), "PX", this.ttlMs);
      for (const { id } of call.participants) {
        write
          .zadd(KEYS.user(id), startedAt, call.id)
          .zremrangebyscore(KEYS.user(id), "-inf", startedAt - this.ttlMs) // calls whose records expired
          .zremrangebyrank(KEYS.user(id), 0, -(MAX_ACTIVE_PER_USER * 4) - 1)
          .pexpire(KEYS.user(id), this.ttlMs);
      }
      await write.exec();
    });
  }

  async activeFor(userId: string): Promise<Call[]> {
    const ids = await redisCall(this.redis, (r) => r.zrevrange(KEYS.user(userId), 0, MAX_ACTIVE_PER_USER * 4 - 1));
    if (ids.length === 0) return [];
    const texts = await redisCall(this.redis, (r) => r.mget(ids.map(KEYS.call)));
    return texts
      .flatMap((text) => (text === null ? [] : [callSchema.parse(JSON.parse(text))]))
      .filter((call) => !call.endedAt)
      .slice(0, MAX_ACTIVE_PER_USER);
  }

  async get(id: string): Promise<Call | null> {
    const text = await redisCall(this.redis, (r) => r.get(KEYS.call(id)));
    return text === null ? null : callSchema.parse(JSON.parse(text));
  }

  async move(id: string, userId: string, move: CallMove, now: Date): Promise<Call> {
    const key = KEYS.call(id);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const text = await redisCall(this.redis, (r) => r.get(key));
      if (text === null) throw new CallNotFoundError();
      const call = callSchema.parse(JSON.parse(text));
      const next = applyMove(call, userId, move, now);
      if (next === call) return call;
      const swapped = await redisCall(this.redis, (r) => (r as CallRedis).coachproSwapCall(key, text, JSON.stringify(next)));
      if (swapped === 1) return next;
    }
    throw new StoreUnavailableError("The call is changing too fast; try again.");
  }
}
