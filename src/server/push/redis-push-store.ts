import "server-only";

import type Redis from "ioredis";

import { pushSubscriptionSchema, type PushSubscriptionInput } from "@/lib/push";

import { redisCall } from "../store/redis";
import type { PushStore } from "./push-store";

const KEYS = {
  /** hash: endpoint → owner's user id */
  owner: "push:owner",
  /** counter: orders devices by when they were added (milliseconds tie) */
  seq: "push:seq",
  /** hash per user: endpoint → subscription JSON; sorted set per user: endpoint by when it was added */
  devices: (userId: string) => `push:devices:${userId}`,
  order: (userId: string) => `push:order:${userId}`,
};

/**
 * Adds one subscription atomically: takes the endpoint from its previous
 * owner, records it, then drops the owner's oldest devices beyond the cap.
 * KEYS: owner, devices(user), order(user), seq. ARGV: user id, endpoint, JSON, cap, devices key prefix, order key prefix.
 */
const ADD_SCRIPT = `
local previous = redis.call('HGET', KEYS[1], ARGV[2])
if previous and previous ~= ARGV[1] then
  redis.call('HDEL', ARGV[5] .. previous, ARGV[2])
  redis.call('ZREM', ARGV[6] .. previous, ARGV[2])
end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[3], redis.call('INCR', KEYS[4]), ARGV[2])
local excess = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[4])
if excess > 0 then
  local gone = redis.call('ZPOPMIN', KEYS[3], excess)
  for i = 1, #gone, 2 do
    redis.call('HDEL', KEYS[2], gone[i])
    redis.call('HDEL', KEYS[1], gone[i])
  end
end
return 1
`;

/**
 * Removes one endpoint when `ARGV[1]` owns it (or whoever owns it when ARGV[1] is empty).
 * KEYS: owner. ARGV: user id or '', endpoint, devices key prefix, order key prefix.
 */
const REMOVE_SCRIPT = `
local owner = redis.call('HGET', KEYS[1], ARGV[2])
if not owner or (ARGV[1] ~= '' and owner ~= ARGV[1]) then return 0 end
redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('HDEL', ARGV[3] .. owner, ARGV[2])
redis.call('ZREM', ARGV[4] .. owner, ARGV[2])
return 1
`;

type PushRedis = Redis & {
  coachproPushAdd(...args: string[]): Promise<number>;
  coachproPushRemove(...args: string[]): Promise<number>;
};

/**
 * The subscriptions in Redis, shared by every web instance. The scripts
 * name the per-user keys they touch from a prefix (a previous owner is only
 * known inside the script), so the store is for one Redis, not a cluster.
 */
export class RedisPushStore implements PushStore {
  private readonly redis: PushRedis;
  private readonly prefix: string;

  constructor(redis: Redis, private readonly cap = 10) {
    if (!("coachproPushAdd" in redis)) {
      redis.defineCommand("coachproPushAdd", { numberOfKeys: 4, lua: ADD_SCRIPT });
      redis.defineCommand("coachproPushRemove", { numberOfKeys: 1, lua: REMOVE_SCRIPT });
    }
    this.redis = redis as PushRedis;
    this.prefix = redis.options.keyPrefix ?? "";
  }

  async add(userId: string, subscription: PushSubscriptionInput): Promise<void> {
    const { endpoint } = subscription;
    await redisCall(this.redis, (r) =>
      (r as PushRedis).coachproPushAdd(
        KEYS.owner,
        KEYS.devices(userId),
        KEYS.order(userId),
        KEYS.seq,
        userId,
        endpoint,
        JSON.stringify(subscription),
        String(this.cap),
        `${this.prefix}${KEYS.devices("")}`,
        `${this.prefix}${KEYS.order("")}`,
      ),
    );
  }

  async remove(userId: string, endpoint: string): Promise<boolean> {
    return (await this.removeOwned(userId, endpoint)) === 1;
  }

  async drop(endpoint: string): Promise<void> {
    await this.removeOwned("", endpoint);
  }

  async list(userId: string): Promise<PushSubscriptionInput[]> {
    const [endpoints, values] = await redisCall(this.redis, async (r) => {
      const newestFirst = await r.zrevrange(KEYS.order(userId), 0, -1);
      return [newestFirst, newestFirst.length ? await r.hmget(KEYS.devices(userId), ...newestFirst) : []] as const;
    });
    return endpoints.flatMap((_, index) => {
      const value = values[index];
      const parsed = value ? pushSubscriptionSchema.safeParse(JSON.parse(value)) : null;
      return parsed?.success ? [parsed.data] : [];
    });
  }

  private removeOwned(userId: string, endpoint: string): Promise<number> {
    return redisCall(this.redis, (r) =>
      (r as PushRedis).coachproPushRemove(KEYS.owner, userId, endpoint, `${this.prefix}${KEYS.devices("")}`, `${this.prefix}${KEYS.order("")}`),
    );
  }
}
