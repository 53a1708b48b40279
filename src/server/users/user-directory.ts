import "server-only";

import type { SessionUser } from "@/lib/schemas";

const MAX_USERS = 10_000;
const MAX_NAME = 40;
const MAX_MENTIONS = 10;

interface Directory {
  /** id → user, least recently seen first. */
  byId: Map<string, SessionUser>;
  /** lower-cased name → ids. */
  byName: Map<string, Set<string>>;
}

const globalForUsers = globalThis as typeof globalThis & { __coachproUsers?: Directory };

function directory(): Directory {
  globalForUsers.__coachproUsers ??= { byId: new Map(), byName: new Map() };
  return globalForUsers.__coachproUsers;
}

function unindex(dir: Directory, user: SessionUser) {
  const key = user.name.toLowerCase();
  const ids = dir.byName.get(key);
  ids?.delete(user.id);
  if (ids?.size === 0) dir.byName.delete(key);
}

/** Notes a user seen through their session, so chat mentions can find them. Bounded. */
export function rememberUser(user: SessionUser): void {
  const dir = directory();
  const known = dir.byId.get(user.id);
  if (known) {
    dir.byId.delete(user.id);
    unindex(dir, known);
  }
  dir.byId.set(user.id, user);
  const key = user.name.toLowerCase();
  if (!dir.byName.has(key)) dir.byName.set(key, new Set());
  dir.byName.get(key)!.add(user.id);
  if (dir.byId.size > MAX_USERS) {
    const [oldestId, oldest] = dir.byId.entries().next().value!;
    dir.byId.delete(oldestId);
    unindex(dir, oldest);
  }
}

const BOUNDARY = /[\s.,!?;:)\]}'"]/u;

/**
 * The ids of users mentioned as `@Name` in `text` (names may hold spaces;
 * the longest known name wins; case does not matter). At most 10 mentions.
 */
export function findMentions(text: string): Set<string> {
  const dir = directory();
  const mentioned = new Set<string>();
  let found = 0;
  for (let at = text.indexOf("@"); at !== -1 && found < MAX_MENTIONS; at = text.indexOf("@", at + 1)) {
    if (at > 0 && /[\p{L}\p{N}_]/u.test(text[at - 1]!)) continue; // an e-mail address, not a mention
    const rest = [...text.slice(at + 1, at + 1 + MAX_NAME * 2)].slice(0, MAX_NAME);
    for (let length = rest.length; length > 0; length -= 1) {
      const candidate = rest.slice(0, length).join("").toLowerCase();
      const next = rest[length];
      if (next !== undefined && !BOUNDARY.test(next)) continue;
      const ids = dir.byName.get(candidate);
      if (!ids) continue;
      for (const id of ids) mentioned.add(id);
      found += 1;
      break;
    }
  }
  return mentioned;
}

/** Forgets everyone (tests). */
export function clearUsers(): void {
  globalForUsers.__coachproUsers = { byId: new Map(), byName: new Map() };
}
