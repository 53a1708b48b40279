import "server-only";

import type Redis from "ioredis";

import { classInfoSchema, MAX_CLASSES, type ClassInfo } from "@/lib/classes";

import { redisCall } from "../store/redis";
import type { ClassStore, CreateResult } from "./class-store";

const KEYS = {
  /** hash: class id → class JSON */
  data: "classes:data",
  /** sorted set: class id scored by the creation counter (newest highest) */
  order: "classes:order",
  /** hash: creation key → class id */
  keys: "classes:keys",
  /** hash: class id → its creation key (to forget the key with the class) */
  keyOf: "classes:key-of",
  /** the creation counter (orders classes whatever the instances' clocks) */
  clock: "classes:clock",
};

/**
 * Creates one class, or returns the one its creation key made; drops the
 * oldest past the cap, with their keys. Atomic.
 * KEYS: data, order, keys, keyOf, clock. ARGV: id, JSON, key ("" for none), cap.
 * Returns { created (1/0), JSON }.
 */
const CREATE_SCRIPT = `
if ARGV[3] ~= '' then
  local made = redis.call('HGET', KEYS[3], ARGV[3])
  if made then
    local json = redis.call('HGET', KEYS[1], made)
    if json then return {0, json} end
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[5]), ARGV[1])
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[3], ARGV[1])
  redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
end
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  local gone = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #gone, 2 do
    local id = gone[i]
    local key = redis.call('HGET', KEYS[4], id)
    if key then redis.call('HDEL', KEYS[3], key) end
    redis.call('HDEL', KEYS[4], id)
    redis.call('HDEL', KEYS[1], id)
  end
end
return {1, ARGV[2]}
`;

type ClassRedis = Redis & { coachproCreateClass(...args: string[]): Promise<[number, string]> };

/** The class store in Redis: shared by every instance and kept across restarts. */
export class RedisClassStore implements ClassStore {
  private readonly redis: ClassRedis;

  constructor(
    redis: Redis,
    private readonly capacity = MAX_CLASSES,
  ) {
    if (!("coachproCreateClass" in redis)) redis.defineCommand("coachproCreateClass", { numberOfKeys: 5, lua: CREATE_SCRIPT });
    this.redis = redis as ClassRedis;
  }

  async create(info: ClassInfo, key?: string): Promise<CreateResult> {
    const [created, json] = await redisCall(this.redis, (r) =>
      (r as ClassRedis).coachproCreateClass(KEYS.data, KEYS.order, KEYS.keys, KEYS.keyOf, KEYS.clock, info.id, JSON.stringify(info), key ?? "", String(this.capacity)),
    );
    return { info: parse(json), created: created === 1 };
  }

  async list(limit: number): Promise<ClassInfo[]> {
    const ids = await redisCall(this.redis, (r) => r.zrevrange(KEYS.order, 0, limit - 1));
    if (ids.length === 0) return [];
    const found = await redisCall(this.redis, (r) => r.hmget(KEYS.data, ...ids));
    // A class dropped between the two reads is simply left out.
    return found.flatMap((json) => (json === null ? [] : [parse(json)]));
  }

  async get(id: string): Promise<ClassInfo | null> {
    const json = await redisCall(this.redis, (r) => r.hget(KEYS.data, id));
    return json === null ? null : parse(json);
  }
}

function parse(json: string): ClassInfo {
  return classInfoSchema.parse(JSON.parse(json));
}
