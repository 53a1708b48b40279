import "server-only";

import type Redis from "ioredis";

import { DEFAULT_PREFERENCES, MAX_NOTICES_PER_USER, PREFERENCE_OF, noticeSchema, type Notice, type NoticePreferences } from "@/lib/notifications";

import { redisCall } from "../store/redis";
import type { NoticeDraft, NotificationStore, ReadChange, StoredNotice } from "./notification-store";

const KEYS = {
  /** list of notice ids, newest first, at most perUser */
  list: (userId: string) => `notices:${userId}:list`,
  /** hash: notice id → notice JSON without its read state */
  items: (userId: string) => `notices:${userId}:items`,
  /** set: ids of the unread notices */
  unread: (userId: string) => `notices:${userId}:unread`,
  /** hash: preference → "1" | "0" (missing: on) */
  preferences: (userId: string) => `notices:${userId}:preferences`,
};

/** A user nobody wrote to for this long is forgotten (notices and preferences). */
const KEEP_SECONDS = 180 * 24 * 3600;
/** Recipients per script call: bounds one call's keys and time in Redis. */
const RECIPIENTS_PER_CALL = 100;

/**
 * Stores one notice for several users, each atomically: skipped for a user
 * who turned its kind off or already holds it; else pushed newest, marked
 * unread, and the oldest beyond the cap dropped with their state.
 * KEYS: per user list, items, unread, preferences. ARGV: id, JSON, preference, cap, ttl.
 * Returns per user -1 (skipped) or their unread count after.
 */
const ADD_SCRIPT = `
local out = {}
for i = 0, #KEYS / 4 - 1 do
  local list, items, unread, prefs = KEYS[i * 4 + 1], KEYS[i * 4 + 2], KEYS[i * 4 + 3], KEYS[i * 4 + 4]
  if redis.call('HGET', prefs, ARGV[3]) == '0' or redis.call('HEXISTS', items, ARGV[1]) == 1 then
    out[#out + 1] = -1
  else
    redis.call('LPUSH', list, ARGV[1])
    redis.call('HSET', items, ARGV[1], ARGV[2])
    redis.call('SADD', unread, ARGV[1])
    local gone = redis.call('LRANGE', list, tonumber(ARGV[4]), -1)
    if #gone > 0 then
      redis.call('LTRIM', list, 0, tonumber(ARGV[4]) - 1)
      redis.call('HDEL', items, unpack(gone))
      redis.call('SREM', unread, unpack(gone))
    end
    redis.call('EXPIRE', list, ARGV[5])
    redis.call('EXPIRE', items, ARGV[5])
    redis.call('EXPIRE', unread, ARGV[5])
    out[#out + 1] = redis.call('SCARD', unread)
  end
end
return out
`;

/**
 * One consistent read of a user's newest notices.
 * KEYS: list, items, unread. ARGV: limit. Returns { ids, JSONs, unread ids }.
 */
const LIST_SCRIPT = `
local ids = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
local items = {}
if #ids > 0 then items = redis.call('HMGET', KEYS[2], unpack(ids)) end
return { ids, items, redis.call('SMEMBERS', KEYS[3]) }
`;

/**
 * Marks notices read. KEYS: unread. ARGV: "all", or "ids" and the ids.
 * Returns { ids that were unread, unread count after }.
 */
const READ_SCRIPT = `
local changed = {}
if ARGV[1] == 'all' then
  changed = redis.call('SMEMBERS', KEYS[1])
  redis.call('DEL', KEYS[1])
else
  for i = 2, #ARGV do
    if redis.call('SREM', KEYS[1], ARGV[i]) == 1 then changed[#changed + 1] = ARGV[i] end
  end
end
return { changed, redis.call('SCARD', KEYS[1]) }
`;

type NoticeRedis = Redis & {
  coachproAddNotice(...args: string[]): Promise<number[]>;
  coachproListNotices(...args: string[]): Promise<[string[], (string | null)[], string[]]>;
  coachproReadNotices(...args: string[]): Promise<[string[], number]>;
};

const draftSchema = noticeSchema.omit({ read: true });

/** The notification store in Redis, shared by every web instance and kept across restarts. */
export class RedisNotificationStore implements NotificationStore {
  private readonly redis: NoticeRedis;

  constructor(
    redis: Redis,
    private readonly limits = { perUser: MAX_NOTICES_PER_USER },
  ) {
    if (!("coachproAddNotice" in redis)) {
      redis.defineCommand("coachproAddNotice", { lua: ADD_SCRIPT });
      redis.defineCommand("coachproListNotices", { numberOfKeys: 3, lua: LIST_SCRIPT });
      redis.defineCommand("coachproReadNotices", { numberOfKeys: 1, lua: READ_SCRIPT });
    }
    this.redis = redis as NoticeRedis;
  }

  async add(recipients: readonly string[], draft: NoticeDraft): Promise<StoredNotice[]> {
    const users = [...new Set(recipients)];
    const json = JSON.stringify(draftSchema.parse(draft));
    const stored: StoredNotice[] = [];
    for (let start = 0; start < users.length; start += RECIPIENTS_PER_CALL) {
      const chunk = users.slice(start, start + RECIPIENTS_PER_CALL);
      const keys = chunk.flatMap((userId) => [KEYS.list(userId), KEYS.items(userId), KEYS.unread(userId), KEYS.preferences(userId)]);
      const args = [draft.id, json, PREFERENCE_OF[draft.kind], String(this.limits.perUser), String(KEEP_SECONDS)];
      // Keys vary in number: ioredis takes their count first for a command defined without numberOfKeys.
      const counts = await redisCall(this.redis, (r) => (r as NoticeRedis).coachproAddNotice(String(keys.length), ...keys, ...args));
      chunk.forEach((userId, index) => {
        const unread = counts[index]!;
        if (unread >= 0) stored.push({ userId, notice: { ...draft, read: false }, unread });
      });
    }
    return stored;
  }

  async list(userId: string, limit: number): Promise<{ notices: Notice[]; unread: number }> {
    const [ids, items, unreadIds] = await redisCall(this.redis, (r) =>
      (r as NoticeRedis).coachproListNotices(KEYS.list(userId), KEYS.items(userId), KEYS.unread(userId), String(limit)),
    );
    const unread = new Set(unreadIds);
    const notices = ids.flatMap((id, index) => {
      const item = items[index];
      return item ? [{ ...draftSchema.parse(JSON.parse(item)), read: !unread.has(id) }] : [];
    });
    return { notices, unread: unread.size };
  }

  async markRead(userId: string, ids: readonly string[] | "all"): Promise<ReadChange> {
    const args = ids === "all" ? ["all"] : ["ids", ...ids];
    const [changed, unread] = await redisCall(this.redis, (r) => (r as NoticeRedis).coachproReadNotices(KEYS.unread(userId), ...args));
    return { ids: changed, unread };
  }

  async preferences(userId: string): Promise<NoticePreferences> {
    return preferencesOf(await redisCall(this.redis, (r) => r.hgetall(KEYS.preferences(userId))));
  }

  async setPreferences(userId: string, change: Partial<NoticePreferences>): Promise<NoticePreferences> {
    const fields = Object.entries(change).flatMap(([name, on]) => (typeof on === "boolean" ? [name, on ? "1" : "0"] : []));
    const key = KEYS.preferences(userId);
    const [, , all] = await redisCall(this.redis, async (r) => {
      const replies = await r.multi().hset(key, ...fields).expire(key, KEEP_SECONDS).hgetall(key).exec();
      const failed = replies?.find(([error]) => error);
      if (!replies || failed) throw failed?.[0] ?? new Error("preferences transaction aborted");
      return replies.map(([, value]) => value) as [number, number, Record<string, string>];
    });
    return preferencesOf(all);
  }
}

function preferencesOf(stored: Record<string, string>): NoticePreferences {
  const on = (name: keyof NoticePreferences) => (stored[name] === undefined ? DEFAULT_PREFERENCES[name] : stored[name] === "1");
  return { mentions: on("mentions"), awards: on("awards"), announcements: on("announcements") };
}
