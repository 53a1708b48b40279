import "server-only";

import { randomUUID } from "node:crypto";

import type { ActivityItem } from "@/lib/app-events";

const PER_CHANNEL = 50;
const MAX_CHANNELS = 500;

const globalForActivity = globalThis as typeof globalThis & { __coachproActivity?: Map<string, ActivityItem[]> };

function log(): Map<string, ActivityItem[]> {
  globalForActivity.__coachproActivity ??= new Map();
  return globalForActivity.__coachproActivity;
}

/**
 * Keeps the last events of each public app channel, so a page opened later
 * still shows recent activity. Bounded per channel and in channels.
 */
export function recordActivity(channel: string, event: string, data: unknown, at = new Date()): ActivityItem {
  const channels = log();
  // The event's own id and time, when stamped, so a feed that gets it both live and from here shows it once.
  const stamp = (data ?? {}) as { id?: unknown; sentAt?: unknown };
  const item: ActivityItem = {
    id: typeof stamp.id === "string" ? stamp.id : randomUUID(),
    channel,
    event,
    data,
    at: typeof stamp.sentAt === "string" ? stamp.sentAt : at.toISOString(),
  };
  const items = channels.get(channel) ?? [];
  channels.delete(channel); // re-insert: the Map's order is least recently used first
  channels.set(channel, [...items.slice(-(PER_CHANNEL - 1)), item]);
  if (channels.size > MAX_CHANNELS) channels.delete(channels.keys().next().value!);
  return item;
}

/** The newest `limit` events of a channel, newest first. */
export function recentActivity(channel: string, limit = PER_CHANNEL): ActivityItem[] {
  return (log().get(channel) ?? []).slice(-limit).reverse();
}

/** Forgets everything (tests). */
export function clearActivity(): void {
  log().clear();
}
