import "server-only";

import type { Call } from "@/lib/call-schemas";
import { CALL_TTL_MS, MAX_STORED_CALLS } from "@/lib/calls";

/** Most unfinished calls listed for one person (newest first). */
export const MAX_ACTIVE_PER_USER = 5;

import { getSharedRedis } from "../store/redis";
import { applyMove, CallNotFoundError, type CallMove } from "./call-rules";
import { RedisCallStore } from "./redis-call-store";

/**
 * Who is part of each call: this process's memory or Redis. Records expire
 * CALL_TTL_MS after the call started; memory keeps at most MAX_STORED_CALLS.
 */
export interface CallStore {
  /** Stores a new call; resolves once it is stored. */
  create(call: Call): Promise<void>;
  get(id: string): Promise<Call | null>;
  /** Applies one participant's answer atomically (see applyMove); throws CallNotFoundError or the move's HttpError. */
  move(id: string, userId: string, move: CallMove, now: Date): Promise<Call>;
  /** The calls `userId` is part of that have not ended (at most a few), for a tab that missed an invitation. */
  activeFor(userId: string): Promise<Call[]>;
}

/** The calls in this process's memory: a Map in insertion order, bounded, each record with its expiry. */
export class MemoryCallStore implements CallStore {
  private readonly calls = new Map<string, { call: Call; expiresAt: number }>();

  constructor(private readonly limits = { maxCalls: MAX_STORED_CALLS, ttlMs: CALL_TTL_MS }) {}

  async create(call: Call): Promise<void> {
    this.calls.delete(call.id);
    this.calls.set(call.id, { call, expiresAt: Date.now() + this.limits.ttlMs });
    while (this.calls.size > this.limits.maxCalls) this.calls.delete(this.calls.keys().next().value!);
  }

  async get(id: string): Promise<Call | null> {
    return this.read(id);
  }

  async move(id: string, userId: string, move: CallMove, now: Date): Promise<Call> {
    // Read and write with no await in between, so answers landing together never overwrite each other.
    const call = this.read(id);
    if (!call) throw new CallNotFoundError();
    const next = applyMove(call, userId, move, now);
    if (next !== call) this.calls.get(id)!.call = next;
    return next;
  }

  async activeFor(userId: string): Promise<Call[]> {
    const found: Call[] = [];
    for (const id of [...this.calls.keys()].reverse()) {
      const call = this.read(id);
      if (call && !call.endedAt && call.participants.some((p) => p.id === userId)) found.push(call);
      if (found.length >= MAX_ACTIVE_PER_USER) break;
    }
    return found;
  }

  private read(id: string): Call | null {
    const found = this.calls.get(id);
    if (!found) return null;
    if (found.expiresAt <= Date.now()) {
      this.calls.delete(id);
      return null;
    }
    return found.call;
  }
}

const globalForCalls = globalThis as typeof globalThis & { __coachproCalls?: CallStore };

/** The process's call store, picked once from the settings: Redis when REDIS_URL is set, memory otherwise. */
export function getCallStore(): CallStore {
  if (!globalForCalls.__coachproCalls) {
    const redis = getSharedRedis();
    globalForCalls.__coachproCalls = redis ? new RedisCallStore(redis) : new MemoryCallStore();
  }
  return globalForCalls.__coachproCalls;
}

/** Forgets the process's store; the next use picks one again (tests). */
export function clearCalls(): void {
  globalForCalls.__coachproCalls = undefined;
}
