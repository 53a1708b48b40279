import "server-only";

import type Redis from "ioredis";

import type { LeaderboardPage } from "@/lib/schemas";

import { InvalidScoreUpdateError, MAX_DISPLACED_CHANGES, UnknownAthleteError, type Entry, type ScoreUpdate } from "../ranking/leaderboard";
import { EVENT_TOP_ROWS } from "../ranking/payload";
import { redisCall } from "../store/redis";
import { APPLY_SCRIPT, READ_SCRIPT, REMOVE_SCRIPT, RESET_SCRIPT } from "./leaderboard-scripts";
import { AWARD_REPLY_TTL_SECONDS, BoardFullError, type BoardChange, type LeaderboardStore } from "./leaderboard-store";

/** The keys every script gets, under the client's prefix (see leaderboard-scripts.ts). */
const BOARD_KEYS = ["lb:scores", "lb:order", "lb:names", "lb:ticks", "lb:meta", "lb:delta"] as const;
const REPLY_KEY = (key: string) => `lb:reply:${key}`;
const NO_REPLY = "lb:reply:-";

/** One row as the scripts give it: userId, name, score, rank, previousRank ('' = joined in the latest mutation). */
type RawRow = [string, string, string, string, string];

type RawAnswer =
  | { status: "ok"; version: string; updatedAt: string; total: string; updated: string[] | object; changes: RawRow[] | object; top: RawRow[] | object }
  | { status: "unknown" | "invalid"; userId: string }
  | { status: "full" }
  | { status: "missing" };

type RawPage = { status: "ok"; version: string; updatedAt: string; total: string; rows: RawRow[] | object } | { status: "missing" };

interface LeaderboardCommands {
  coachproLbApply(...args: string[]): Promise<["new" | "replay", string]>;
  coachproLbRemove(...args: string[]): Promise<string>;
  coachproLbReset(...args: string[]): Promise<string>;
  coachproLbRead(...args: string[]): Promise<string>;
}

const defined = new WeakSet<Redis>();

/** Registers the scripts on the client once (ioredis runs them by SHA, loading them when Redis does not know them). */
function commands(redis: Redis): Redis & LeaderboardCommands {
  if (!defined.has(redis)) {
    redis.defineCommand("coachproLbApply", { numberOfKeys: BOARD_KEYS.length + 1, lua: APPLY_SCRIPT });
    redis.defineCommand("coachproLbRemove", { numberOfKeys: BOARD_KEYS.length, lua: REMOVE_SCRIPT });
    redis.defineCommand("coachproLbReset", { numberOfKeys: BOARD_KEYS.length, lua: RESET_SCRIPT });
    redis.defineCommand("coachproLbRead", { numberOfKeys: BOARD_KEYS.length, lua: READ_SCRIPT });
    defined.add(redis);
  }
  return redis as Redis & LeaderboardCommands;
}

// cjson writes an empty Lua table as {}: every list may come back as an object.
const listOf = <T>(value: T[] | object): T[] => (Array.isArray(value) ? value : []);

function entryOf([userId, name, score, rank, previous]: RawRow): Entry {
  const previousRank = previous === "" ? null : Number(previous);
  const current = Number(rank);
  return { userId, name, score: Number(score), rank: current, previousRank, change: previousRank === null ? null : previousRank - current };
}

function changeOf(raw: RawAnswer, replayed: boolean): BoardChange {
  if (raw.status !== "ok") throw new Error(`unexpected leaderboard script answer: ${raw.status}`);
  return {
    result: {
      version: Number(raw.version),
      updatedAt: raw.updatedAt,
      changes: listOf(raw.changes).map(entryOf),
      updatedUserIds: listOf(raw.updated),
    },
    top: listOf(raw.top).map(entryOf),
    total: Number(raw.total),
    replayed,
  };
}

/**
 * The leaderboard in Redis, shared by every instance and kept across
 * restarts. Each mutation is one Lua script: validation, the change, the
 * version bump, the ranks (ZCOUNT of strictly greater scores + 1) and what
 * the `ranking-update` needs, atomically. An award's answer is kept under
 * its idempotency key (AWARD_REPLY_TTL_SECONDS) in the same script, so a
 * retry on any instance gets it and changes nothing.
 */
export class RedisLeaderboardStore implements LeaderboardStore {
  constructor(
    private readonly redis: Redis,
    private readonly maxDisplaced = MAX_DISPLACED_CHANGES,
  ) {}

  async apply(updates: readonly ScoreUpdate[], options: { idempotencyKey?: string; maxAthletes: number; now?: Date }): Promise<BoardChange> {
    const { idempotencyKey, maxAthletes, now = new Date() } = options;
    for (const { userId, points } of updates) if (!Number.isSafeInteger(points)) throw new InvalidScoreUpdateError(userId);
    const args = [
      ...BOARD_KEYS,
      idempotencyKey === undefined ? NO_REPLY : REPLY_KEY(idempotencyKey),
      now.toISOString(),
      String(maxAthletes),
      String(this.maxDisplaced),
      String(EVENT_TOP_ROWS),
      String(AWARD_REPLY_TTL_SECONDS),
      idempotencyKey === undefined ? "" : "1",
      ...updates.flatMap(({ userId, points, name }) => [userId, String(points), name ?? ""]),
    ];
    const [fate, text] = await redisCall(this.redis, (redis) => commands(redis).coachproLbApply(...args));
    const raw = JSON.parse(text) as RawAnswer;
    if (raw.status === "unknown") throw new UnknownAthleteError(raw.userId);
    if (raw.status === "invalid") throw new InvalidScoreUpdateError(raw.userId);
    if (raw.status === "full") throw new BoardFullError(maxAthletes);
    return changeOf(raw, fate === "replay");
  }

  async remove(userId: string, now = new Date()): Promise<BoardChange | null> {
    const raw = JSON.parse(await this.run((r) => r.coachproLbRemove(...BOARD_KEYS, now.toISOString(), String(this.maxDisplaced), String(EVENT_TOP_ROWS), userId))) as RawAnswer;
    return raw.status === "missing" ? null : changeOf(raw, false);
  }

  async reset(now = new Date()): Promise<BoardChange> {
    return changeOf(JSON.parse(await this.run((r) => r.coachproLbReset(...BOARD_KEYS, now.toISOString()))) as RawAnswer, false);
  }

  async read(query: { limit: number; around?: string }): Promise<Omit<LeaderboardPage, "epoch"> | null> {
    const raw = JSON.parse(await this.run((r) => r.coachproLbRead(...BOARD_KEYS, String(query.limit), query.around ?? ""))) as RawPage;
    if (raw.status === "missing") return null;
    return {
      leaderboard: listOf(raw.rows).map(entryOf),
      total: Number(raw.total),
      version: Number(raw.version),
      updatedAt: raw.updatedAt || new Date().toISOString(),
    };
  }

  private run(operation: (redis: Redis & LeaderboardCommands) => Promise<string>): Promise<string> {
    return redisCall(this.redis, (redis) => operation(commands(redis)));
  }
}
