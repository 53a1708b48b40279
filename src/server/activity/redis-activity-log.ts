import "server-only";

import type Redis from "ioredis";

import { activityItemSchema, type ActivityItem } from "@/lib/app-events";

import { redisCall } from "../store/redis";
import { ACTIVITY_MAX_CHANNELS, ACTIVITY_PER_CHANNEL, type ActivityLog } from "./activity-log";

const KEYS = {
  /** list per channel, newest first */
  channel: (channel: string) => `activity:channel:${channel}`,
  /** sorted set: channel scored by the write counter when it was last written */
  channels: "activity:channels",
  /** the write counter (orders channels by recency, whatever the clocks of the instances) */
  clock: "activity:clock",
};

/**
 * Adds one event: newest first, capped, and the channel marked as just written.
 * KEYS: channel list, channels, clock. ARGV: item JSON, channel, per-channel cap.
 * Returns how many channels are kept.
 */
const ADD_SCRIPT = `
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[3]) - 1)
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[2])
return redis.call('ZCARD', KEYS[2])
`;

type ActivityRedis = Redis & { coachproAddActivity(...args: string[]): Promise<number> };

/** The activity log in Redis: a capped list per channel, shared by every instance and kept across restarts. */
export class RedisActivityLog implements ActivityLog {
  private readonly redis: ActivityRedis;

  constructor(
    redis: Redis,
    private readonly limits = { perChannel: ACTIVITY_PER_CHANNEL, maxChannels: ACTIVITY_MAX_CHANNELS },
  ) {
    if (!("coachproAddActivity" in redis)) redis.defineCommand("coachproAddActivity", { numberOfKeys: 3, lua: ADD_SCRIPT });
    this.redis = redis as ActivityRedis;
  }

  async add(item: ActivityItem): Promise<void> {
    const key = KEYS.channel(item.channel);
    const channels = await redisCall(this.redis, (r) =>
      (r as ActivityRedis).coachproAddActivity(key, KEYS.channels, KEYS.clock, JSON.stringify(item), item.channel, String(this.limits.perChannel)),
    );
    if (channels <= this.limits.maxChannels) return;
    // Over the bound (rare): drop the least recently written channels.
    await redisCall(this.redis, async (r) => {
      const gone = await r.zpopmin(KEYS.channels, channels - this.limits.maxChannels);
      const names = gone.filter((_, index) => index % 2 === 0);
      if (names.length) await r.del(...names.map(KEYS.channel));
    });
  }

  async recent(channel: string, limit: number): Promise<ActivityItem[]> {
    const items = await redisCall(this.redis, (r) => r.lrange(KEYS.channel(channel), 0, limit - 1));
    return items.map((item) => activityItemSchema.parse(JSON.parse(item)));
  }
}
