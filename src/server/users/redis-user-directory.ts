import "server-only";

import type Redis from "ioredis";

import { sessionUserSchema, type SessionUser } from "@/lib/schemas";

import { redisCall } from "../store/redis";
import { MAX_USERS, type UserDirectory } from "./user-directory";

const KEYS = {
  /** hash: id → user JSON */
  byId: "users:by-id",
  /** hash: id → lower-cased name (to unindex on rename or eviction) */
  nameOf: "users:name-of",
  /** sorted set, all scores 0: `${lower-cased name}\0${id}`, read by lexical range */
  names: "users:names",
  /** sorted set: id scored by when it was last noted */
  seen: "users:seen",
};

/** A user seen again within this long is not written again (readSession notes users on every request). */
const RENOTE_AFTER_MS = 60_000;
const RECENT_MAX = 10_000;

/**
 * Notes one user atomically: re-indexes a renamed user, then evicts the
 * least recently seen beyond the capacity.
 * KEYS: by-id, name-of, names, seen. ARGV: id, user JSON, lower-cased name, now (ms), capacity.
 */
const REMEMBER_SCRIPT = `
local sep = string.char(0)
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old and old ~= ARGV[3] then redis.call('ZREM', KEYS[3], old .. sep .. ARGV[1]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[3], 0, ARGV[3] .. sep .. ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
local excess = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[5])
if excess > 0 then
  local gone = redis.call('ZPOPMIN', KEYS[4], excess)
  for i = 1, #gone, 2 do
    local id = gone[i]
    local name = redis.call('HGET', KEYS[2], id)
    if name then redis.call('ZREM', KEYS[3], name .. sep .. id) end
    redis.call('HDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
  end
end
return 1
`;

type DirectoryRedis = Redis & { coachproRememberUser(...args: string[]): Promise<number> };

/** The user directory in Redis, shared by every web instance and kept across restarts. */
export class RedisUserDirectory implements UserDirectory {
  private readonly redis: DirectoryRedis;
  /** id → what was last written and when, so a busy user costs one write a minute. */
  private readonly recent = new Map<string, { name: string; role: string; at: number }>();

  constructor(
    redis: Redis,
    private readonly capacity = MAX_USERS,
  ) {
    if (!("coachproRememberUser" in redis)) redis.defineCommand("coachproRememberUser", { numberOfKeys: 4, lua: REMEMBER_SCRIPT });
    this.redis = redis as DirectoryRedis;
  }

  async remember(user: SessionUser): Promise<void> {
    const now = Date.now();
    const last = this.recent.get(user.id);
    if (last && last.name === user.name && last.role === user.role && now - last.at < RENOTE_AFTER_MS) return;
    await redisCall(this.redis, (r) =>
      (r as DirectoryRedis).coachproRememberUser(
        KEYS.byId,
        KEYS.nameOf,
        KEYS.names,
        KEYS.seen,
        user.id,
        JSON.stringify(user),
        user.name.toLowerCase(),
        String(now),
        String(this.capacity),
      ),
    );
    this.recent.delete(user.id);
    this.recent.set(user.id, { name: user.name, role: user.role, at: now });
    if (this.recent.size > RECENT_MAX) this.recent.delete(this.recent.keys().next().value!);
  }

  async idsByName(names: readonly string[]): Promise<Map<string, string[]>> {
    if (names.length === 0) return new Map();
    const replies = await redisCall(this.redis, (r) => {
      const pipeline = r.pipeline();
      for (const name of names) pipeline.zrangebylex(KEYS.names, `[${name}\u0000`, `(${name}\u0001`);
      return pipeline.exec();
    });
    const found = new Map<string, string[]>();
    names.forEach((name, index) => {
      const [error, members] = replies![index] as [Error | null, string[]];
      if (error) throw error;
      if (members.length) found.set(name, members.map((member) => member.slice(name.length + 1)));
    });
    return found;
  }

  async users(ids: readonly string[]): Promise<Map<string, SessionUser>> {
    if (ids.length === 0) return new Map();
    const values = await redisCall(this.redis, (r) => r.hmget(KEYS.byId, ...ids));
    const found = new Map<string, SessionUser>();
    values.forEach((value, index) => {
      if (value !== null) found.set(ids[index]!, sessionUserSchema.parse(JSON.parse(value)));
    });
    return found;
  }

  async search(prefix: string, limit: number): Promise<SessionUser[]> {
    const wanted = prefix.toLowerCase();
    // Members are `${name}\0${id}`: a lexical range from the prefix up to the prefix followed by the highest code point.
    const members = await redisCall(this.redis, (r) =>
      r.zrangebylex(KEYS.names, `[${wanted}`, `[${wanted}\u{10FFFF}`, "LIMIT", 0, limit),
    );
    const ids = members.map((member) => member.slice(member.lastIndexOf("\u0000") + 1));
    const users = await this.users(ids);
    return ids.flatMap((id) => (users.has(id) ? [users.get(id)!] : []));
  }

  async ids(limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    return redisCall(this.redis, (r) => r.zrevrange(KEYS.seen, 0, limit - 1));
  }
}
