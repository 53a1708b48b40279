import "server-only";

import { randomUUID } from "node:crypto";

import type { ActivityItem } from "@/lib/app-events";

import { getSharedRedis } from "../store/redis";
import { RedisActivityLog } from "./redis-activity-log";

/** Events kept per channel. */
export const ACTIVITY_PER_CHANNEL = 50;
/** Channels kept; the least recently written goes first. */
export const ACTIVITY_MAX_CHANNELS = 500;

/**
 * The last events of each public app channel (activity feeds, and
 * announcements on admin-channel), so a page opened later still shows them:
 * this process's memory or Redis. Bounded per channel and in channels.
 */
export interface ActivityLog {
  /** Keeps `item` as the newest of its channel; resolves once it is stored. */
  add(item: ActivityItem): Promise<void>;
  /** The newest `limit` events of a channel, newest first. */
  recent(channel: string, limit: number): Promise<ActivityItem[]>;
}

/** The activity log in memory: a Map kept in least-recently-written order. */
export class MemoryActivityLog implements ActivityLog {
  private readonly channels = new Map<string, ActivityItem[]>();

  constructor(private readonly limits = { perChannel: ACTIVITY_PER_CHANNEL, maxChannels: ACTIVITY_MAX_CHANNELS }) {}

  async add(item: ActivityItem): Promise<void> {
    const items = this.channels.get(item.channel) ?? [];
    this.channels.delete(item.channel); // re-insert: the Map's order is least recently used first
    this.channels.set(item.channel, [...items.slice(-(this.limits.perChannel - 1)), item]);
    if (this.channels.size > this.limits.maxChannels) this.channels.delete(this.channels.keys().next().value!);
  }

  async recent(channel: string, limit: number): Promise<ActivityItem[]> {
    return (this.channels.get(channel) ?? []).slice(-limit).reverse();
  }
}

const globalForActivity = globalThis as typeof globalThis & { __coachproActivity?: ActivityLog };

/** The process's log, picked once from the settings: Redis when REDIS_URL is set, memory otherwise. */
function log(): ActivityLog {
  if (!globalForActivity.__coachproActivity) {
    const redis = getSharedRedis();
    globalForActivity.__coachproActivity = redis ? new RedisActivityLog(redis) : new MemoryActivityLog();
  }
  return globalForActivity.__coachproActivity;
}

/**
 * Keeps an event of a public app channel for the feeds, stamped with the
 * event's own id and time when it carries them (so a feed that gets it both
 * live and from here shows it once). Resolves once the store has it.
 */
export async function recordActivity(channel: string, event: string, data: unknown, at = new Date()): Promise<ActivityItem> {
  const stamp = (data ?? {}) as { id?: unknown; sentAt?: unknown };
  const item: ActivityItem = {
    id: typeof stamp.id === "string" ? stamp.id : randomUUID(),
    channel,
    event,
    data,
    at: typeof stamp.sentAt === "string" ? stamp.sentAt : at.toISOString(),
  };
  await log().add(item);
  return item;
}

/** The newest `limit` events of a channel, newest first. */
export function recentActivity(channel: string, limit = ACTIVITY_PER_CHANNEL): Promise<ActivityItem[]> {
  return log().recent(channel, limit);
}

/** Forgets the process's log; the next use picks a store again (tests). */
export function clearActivity(): void {
  globalForActivity.__coachproActivity = undefined;
}
