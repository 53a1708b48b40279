import "server-only";

import { z } from "zod";

import { CLASS_PRESENCE_PREFIX, classPresenceChannel } from "@/lib/channels";
import { LIVE_NAMES_MAX, type ClassLive } from "@/lib/classes";

import { RealtimeUnavailableError, StoreUnavailableError } from "../errors";
import { queryRealtime } from "../realtime-gateway";
import { getUserDirectory } from "../users/user-directory";

/** Classes whose people are looked up by name per read, at most (the rest get a count). */
export const LIVE_LOOKUPS_MAX = 20;
/** Readers asking within this long share one read (each is one REST call plus one per occupied class). */
const SHARE_MS = 2_000;

const channelsSchema = z.object({
  channels: z.record(z.string(), z.object({ user_count: z.number().int().nonnegative().optional() })),
});
const usersSchema = z.object({ users: z.array(z.object({ id: z.string() })) });

export interface LiveReading {
  /** Who is live in each class asked about (0 and no names when nobody). */
  live: Map<string, ClassLive>;
}

/** Who is live could not be read; `message` is fit to show anyone. */
export class LiveReadError extends Error {
  override name = "LiveReadError";
}

let shared: { key: string; at: number; reading: Promise<LiveReading> } | undefined;

/**
 * Who has each class's page open, from the presence of `presence-class-{id}`:
 * one call lists every occupied class channel with its user count, then the
 * members of the occupied ones among `classIds` (the first 20) are read and
 * named from the user directory. Throws LiveReadError when the live
 * service cannot tell.
 */
export function whoIsLive(classIds: readonly string[]): Promise<LiveReading> {
  const key = classIds.join(",");
  const now = Date.now();
  if (!shared || shared.key !== key || now - shared.at > SHARE_MS) {
    const reading = readLive(classIds);
    shared = { key, at: now, reading };
    // A failed read is not shared: the next reader asks again.
    reading.catch(() => {
      if (shared?.reading === reading) shared = undefined;
    });
  }
  return shared.reading;
}

async function readLive(classIds: readonly string[]): Promise<LiveReading> {
  const occupied = parseWith(channelsSchema, await ask("/channels", { filter_by_prefix: CLASS_PRESENCE_PREFIX, info: "user_count" })).channels;
  const live = new Map<string, ClassLive>(classIds.map((id) => [id, { count: occupied[classPresenceChannel(id)]?.user_count ?? 0, names: [] }]));
  const lookups = classIds.filter((id) => occupied[classPresenceChannel(id)] !== undefined).slice(0, LIVE_LOOKUPS_MAX);
  const members = await Promise.all(
    lookups.map(async (id) => parseWith(usersSchema, await ask(`/channels/${classPresenceChannel(id)}/users`)).users.map((user) => user.id)),
  );
  const names = await namesOf([...new Set(members.flat())]);
  lookups.forEach((id, i) => {
    const people = members[i]!.map((userId) => names.get(userId) ?? "Someone").sort((a, b) => a.localeCompare(b));
    live.set(id, { count: Math.max(people.length, live.get(id)!.count), names: people.slice(0, LIVE_NAMES_MAX) });
  });
  return { live };
}

/** Display names of users by id; an unreadable directory leaves everyone "Someone" rather than failing the list. */
async function namesOf(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  try {
    const users = await getUserDirectory().users(ids);
    return new Map([...users].map(([id, user]) => [id, user.name]));
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    return new Map();
  }
}

async function ask(path: string, params?: Record<string, string>): Promise<unknown> {
  try {
    return await queryRealtime(path, params);
  } catch (error) {
    if (error instanceof RealtimeUnavailableError) throw new LiveReadError("Could not see who is live right now.");
    throw error;
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new LiveReadError("The live service answered in an unexpected shape.");
  return parsed.data;
}
