import "server-only";

import type { PushSubscriptionInput } from "@/lib/push";

import { getSharedRedis } from "../store/redis";
import { RedisPushStore } from "./redis-push-store";

/** Most devices one person keeps subscribed; subscribing another drops the oldest. */
export const MAX_DEVICES_PER_USER = 10;
/** Most people whose devices one process keeps in memory; the least recently subscribed go first. */
const MAX_USERS = 10_000;

/**
 * Where each person's Web Push subscriptions (one per device) are kept:
 * this process's memory or Redis. An endpoint belongs to one person at a
 * time: a device that signs in as someone else moves to them, so nobody's
 * notices reach a device they signed out of.
 */
export interface PushStore {
  /** Records `subscription` for `userId` (moving it from whoever had it). */
  add(userId: string, subscription: PushSubscriptionInput): Promise<void>;
  /** Forgets `endpoint` for `userId`; true when it was theirs. */
  remove(userId: string, endpoint: string): Promise<boolean>;
  /** Forgets `endpoint` whoever has it (the push service said it is gone). */
  drop(endpoint: string): Promise<void>;
  /** `userId`'s subscriptions, newest first. */
  list(userId: string): Promise<PushSubscriptionInput[]>;
}

/** The subscriptions in this process's memory, bounded per person and in all. */
export class MemoryPushStore implements PushStore {
  /** userId → endpoint → subscription, oldest first; users least recently subscribed first. */
  private readonly byUser = new Map<string, Map<string, PushSubscriptionInput>>();
  private readonly owner = new Map<string, string>();

  async add(userId: string, subscription: PushSubscriptionInput): Promise<void> {
    const previous = this.owner.get(subscription.endpoint);
    if (previous !== undefined) this.forget(previous, subscription.endpoint);
    const devices = this.byUser.get(userId) ?? new Map<string, PushSubscriptionInput>();
    this.byUser.delete(userId);
    this.byUser.set(userId, devices);
    devices.set(subscription.endpoint, subscription);
    this.owner.set(subscription.endpoint, userId);
    while (devices.size > MAX_DEVICES_PER_USER) this.forget(userId, devices.keys().next().value!);
    while (this.byUser.size > MAX_USERS) {
      const [oldest, gone] = this.byUser.entries().next().value!;
      for (const endpoint of gone.keys()) this.owner.delete(endpoint);
      this.byUser.delete(oldest);
    }
  }

  async remove(userId: string, endpoint: string): Promise<boolean> {
    if (this.owner.get(endpoint) !== userId) return false;
    this.forget(userId, endpoint);
    return true;
  }

  async drop(endpoint: string): Promise<void> {
    const userId = this.owner.get(endpoint);
    if (userId !== undefined) this.forget(userId, endpoint);
  }

  async list(userId: string): Promise<PushSubscriptionInput[]> {
    return [...(this.byUser.get(userId)?.values() ?? [])].reverse();
  }

  private forget(userId: string, endpoint: string) {
    this.owner.delete(endpoint);
    const devices = this.byUser.get(userId);
    devices?.delete(endpoint);
    if (devices?.size === 0) this.byUser.delete(userId);
  }
}

const globalForPush = globalThis as typeof globalThis & { __coachproPush?: PushStore };

/** The process's push store, picked once from the settings: Redis when REDIS_URL is set, memory otherwise. */
export function getPushStore(): PushStore {
  if (!globalForPush.__coachproPush) {
    const redis = getSharedRedis();
    globalForPush.__coachproPush = redis ? new RedisPushStore(redis) : new MemoryPushStore();
  }
  return globalForPush.__coachproPush;
}
