import "server-only";

import type { SessionUser } from "@/lib/schemas";

import { getSharedRedis } from "../store/redis";
import { RedisUserDirectory } from "./redis-user-directory";

/** Most users a directory keeps; the least recently seen go first. */
export const MAX_USERS = 10_000;
const MAX_NAME = 40;
const MAX_MENTIONS = 10;
/** Bounds one message's lookup: names tried, across all its `@`s. */
const MAX_CANDIDATES = 1_000;

/**
 * Who has been seen, by id and by name (for chat mentions): this process's
 * memory or Redis. Names are matched lower-cased; several users may share one.
 */
export interface UserDirectory {
  remember(user: SessionUser): Promise<void>;
  /** For each lower-cased name asked, the ids of the users with that name (names nobody has are left out). */
  idsByName(names: readonly string[]): Promise<Map<string, string[]>>;
  /** The users with these ids that are known. */
  users(ids: readonly string[]): Promise<Map<string, SessionUser>>;
  /**
   * Up to `limit` users whose name starts with `prefix` (case-insensitive;
   * "" matches everyone), ordered by lower-cased name, then id.
   */
  search(prefix: string, limit: number): Promise<SessionUser[]>;
  /** The ids of the `limit` most recently seen users, most recent first (announcements reach them). */
  ids(limit: number): Promise<string[]>;
}

/** Most users one search returns. */
export const MAX_SEARCH_RESULTS = 20;

/** The directory in this process's memory: a Map kept in least-recently-seen order, bounded. */
export class MemoryUserDirectory implements UserDirectory {
  /** id → user, least recently seen first. */
  private readonly byId = new Map<string, SessionUser>();
  /** lower-cased name → ids. */
  private readonly byName = new Map<string, Set<string>>();

  constructor(private readonly capacity = MAX_USERS) {}

  async remember(user: SessionUser): Promise<void> {
    const known = this.byId.get(user.id);
    if (known) {
      this.byId.delete(user.id);
      this.unindex(known);
    }
    this.byId.set(user.id, user);
    const key = user.name.toLowerCase();
    if (!this.byName.has(key)) this.byName.set(key, new Set());
    this.byName.get(key)!.add(user.id);
    if (this.byId.size > this.capacity) {
      const [oldestId, oldest] = this.byId.entries().next().value!;
      this.byId.delete(oldestId);
      this.unindex(oldest);
    }
  }

  async idsByName(names: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    for (const name of names) {
      const ids = this.byName.get(name);
      if (ids?.size) found.set(name, [...ids]);
    }
    return found;
  }

  async users(ids: readonly string[]): Promise<Map<string, SessionUser>> {
    return new Map(ids.flatMap((id) => (this.byId.has(id) ? [[id, this.byId.get(id)!] as const] : [])));
  }

  async search(prefix: string, limit: number): Promise<SessionUser[]> {
    const wanted = prefix.toLowerCase();
    const names = [...this.byName.keys()].filter((name) => name.startsWith(wanted)).sort();
    const found: SessionUser[] = [];
    for (const name of names) {
      for (const id of [...this.byName.get(name)!].sort()) {
        if (found.length >= limit) return found;
        found.push(this.byId.get(id)!);
      }
    }
    return found;
  }

  async ids(limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    return [...this.byId.keys()].slice(-limit).reverse();
  }

  private unindex(user: SessionUser) {
    const key = user.name.toLowerCase();
    const ids = this.byName.get(key);
    ids?.delete(user.id);
    if (ids?.size === 0) this.byName.delete(key);
  }
}

const globalForUsers = globalThis as typeof globalThis & { __coachproUsers?: UserDirectory };

/** The process's directory, picked once from the settings: Redis when REDIS_URL is set, memory otherwise. */
export function getUserDirectory(): UserDirectory {
  if (!globalForUsers.__coachproUsers) {
    const redis = getSharedRedis();
    globalForUsers.__coachproUsers = redis ? new RedisUserDirectory(redis) : new MemoryUserDirectory();
  }
  return globalForUsers.__coachproUsers;
}

/** Notes a user seen through their session, so chat mentions can find them. Bounded. */
export function rememberUser(user: SessionUser): Promise<void> {
  return getUserDirectory().remember(user);
}

/** Team members whose name starts with `prefix` (the @-mention autocomplete), at most MAX_SEARCH_RESULTS. */
export function searchUsers(prefix: string, limit = MAX_SEARCH_RESULTS): Promise<SessionUser[]> {
  return getUserDirectory().search(prefix, Math.min(limit, MAX_SEARCH_RESULTS));
}

const BOUNDARY = /[\s.,!?;:)\]}'"]/u;

/**
 * The names each `@` in `text` could start, longest first: every prefix of
 * the next 40 characters that ends at a word boundary. E-mail addresses
 * (an `@` right after a letter or digit) are skipped.
 */
export function mentionCandidates(text: string): string[][] {
  const all: string[][] = [];
  let total = 0;
  for (let at = text.indexOf("@"); at !== -1 && total < MAX_CANDIDATES; at = text.indexOf("@", at + 1)) {
    if (at > 0 && /[\p{L}\p{N}_]/u.test(text[at - 1]!)) continue; // an e-mail address, not a mention
    const rest = [...text.slice(at + 1, at + 1 + MAX_NAME * 2)].slice(0, MAX_NAME);
    const candidates: string[] = [];
    for (let length = rest.length; length > 0; length -= 1) {
      const next = rest[length];
      if (next !== undefined && !BOUNDARY.test(next)) continue;
      candidates.push(rest.slice(0, length).join("").toLowerCase());
    }
    total += candidates.length;
    all.push(candidates);
  }
  return all;
}

/**
 * The ids of users mentioned as `@Name` in `text` (names may hold spaces;
 * the longest known name wins; case does not matter). At most 10 mentions;
 * one lookup in the directory for the whole text.
 */
export async function findMentionsIn(directory: UserDirectory, text: string): Promise<Set<string>> {
  const perAt = mentionCandidates(text);
  const mentioned = new Set<string>();
  if (perAt.length === 0) return mentioned;
  const known = await directory.idsByName([...new Set(perAt.flat())]);
  let found = 0;
  for (const candidates of perAt) {
    if (found >= MAX_MENTIONS) break;
    const name = candidates.find((candidate) => known.has(candidate));
    if (name === undefined) continue;
    for (const id of known.get(name)!) mentioned.add(id);
    found += 1;
  }
  return mentioned;
}

/** The users mentioned in `text`, looked up in the process's directory. */
export function findMentions(text: string): Promise<Set<string>> {
  return findMentionsIn(getUserDirectory(), text);
}

/** Forgets the process's directory; the next use picks a store again (tests). */
export function clearUsers(): void {
  globalForUsers.__coachproUsers = undefined;
}
