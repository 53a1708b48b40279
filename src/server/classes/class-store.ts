import "server-only";

import { MAX_CLASSES, type ClassInfo } from "@/lib/classes";

import { getSharedRedis } from "../store/redis";
import { RedisClassStore } from "./redis-class-store";

export interface CreateResult {
  info: ClassInfo;
  /** false: the same creation key was used before, and that class is returned. */
  created: boolean;
}

/**
 * The classes coaches started: this process's memory or Redis. Bounded (the
 * oldest go first past `capacity`); a creation key (per coach and attempt)
 * makes a retried start return the class it made instead of a second one,
 * for as long as that class is kept.
 */
export interface ClassStore {
  /** Keeps `info` as the newest class, unless `key` made one already (then that one). */
  create(info: ClassInfo, key?: string): Promise<CreateResult>;
  /** The newest `limit` classes, newest first. */
  list(limit: number): Promise<ClassInfo[]>;
  /** One class, or null when it is not kept (never was, or fell off). */
  get(id: string): Promise<ClassInfo | null>;
}

/** The class store in memory: a Map in creation order, and the keys that made them. */
export class MemoryClassStore implements ClassStore {
  private readonly classes = new Map<string, { info: ClassInfo; key?: string }>();
  private readonly byKey = new Map<string, string>();

  constructor(private readonly capacity = MAX_CLASSES) {}

  async create(info: ClassInfo, key?: string): Promise<CreateResult> {
    const made = key === undefined ? undefined : this.byKey.get(key);
    if (made !== undefined) {
      const existing = this.classes.get(made);
      if (existing) return { info: existing.info, created: false };
    }
    this.classes.delete(info.id);
    this.classes.set(info.id, { info, key });
    if (key !== undefined) this.byKey.set(key, info.id);
    while (this.classes.size > this.capacity) {
      const [oldestId, oldest] = this.classes.entries().next().value!;
      this.classes.delete(oldestId);
      if (oldest.key !== undefined) this.byKey.delete(oldest.key);
    }
    return { info, created: true };
  }

  async list(limit: number): Promise<ClassInfo[]> {
    return [...this.classes.values()].slice(-limit).reverse().map((entry) => entry.info);
  }

  async get(id: string): Promise<ClassInfo | null> {
    return this.classes.get(id)?.info ?? null;
  }
}

const globalForClasses = globalThis as typeof globalThis & { __coachproClasses?: ClassStore };

/** The process's class store, picked once from the settings: Redis when REDIS_URL is set, memory otherwise. */
export function getClassStore(): ClassStore {
  if (!globalForClasses.__coachproClasses) {
    const redis = getSharedRedis();
    globalForClasses.__coachproClasses = redis ? new RedisClassStore(redis) : new MemoryClassStore();
  }
  return globalForClasses.__coachproClasses;
}
