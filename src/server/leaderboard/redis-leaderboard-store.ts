import "server-only";

import type Redis from "ioredis";

import { MOVEMENT_PERIODS, awardSchema, type Award, type BoardRef, type LeaderboardWindow } from "@/lib/schemas";

import { InvalidScoreUpdateError, MAX_DISPLACED_CHANGES, UnknownAthleteError, type Entry } from "../ranking/leaderboard";
import { EVENT_TOP_ROWS } from "../ranking/payload";
import { redisCall } from "../store/redis";
import { MAX_AWARD_SCAN } from "./award-log";
import { AWARD_SCRIPT } from "./award-script";
import {
  ADMIN_GIVER,
  AwardNotFoundError,
  awardRecords,
  boardWrites,
  matchesFilter,
  streamKey,
  UndoOfUndoError,
  windowsStillHolding,
  type AwardFilter,
  type AwardUpdate,
  type BoardWrite,
  type Giver,
} from "./awards";
import { READ_SCRIPT, REMOVE_SCRIPT, RESET_SCRIPT } from "./leaderboard-scripts";
import {
  AWARD_REPLY_TTL_SECONDS,
  BoardFullError,
  type ApplyOptions,
  type AwardChange,
  type BoardChange,
  type BoardPage,
  type BoardQuery,
  type LeaderboardStore,
  type UndoChange,
} from "./leaderboard-store";
import { periodJson, periodOf, type PeriodSpan } from "./periods";

/** The team's all-time board: the keys it always had. */
const TEAM_KEYS = ["lb:scores", "lb:order", "lb:names", "lb:ticks", "lb:meta", "lb:delta"] as const;
const REPLY_KEY = (key: string) => `lb:reply:${key}`;
const NO_REPLY = "lb:reply:-";
const AWARD_KEYS = { seq: "aw:seq", data: "aw:data", log: "aw:log", giver: (id: string) => `aw:coach:${id}`, athlete: (id: string) => `aw:ath:${id}` };
/** Old periods' keys outlive their period by a day, then Redis drops them. */
const GRACE_SECONDS = 24 * 60 * 60;

/** A board's six keys: the team all-time board's own, else `lb:{stream}:{period}:…` with the stream's meta (version, period) kept across periods. */
function boardKeys(ref: BoardRef, span: PeriodSpan): string[] {
  if (ref.window === "all" && !ref.classId) return [...TEAM_KEYS];
  const stream = `lb:${streamKey(ref)}`;
  const at = `${stream}:${span.key}`;
  return [`${at}:scores`, `${at}:order`, `${at}:names`, `${at}:ticks`, `${stream}:meta`, `${at}:delta`];
}

/** Seconds a period's keys live from `now` (0: for ever); relative, so a test's clock and Redis's need not agree. */
const expiry = (span: PeriodSpan, now: Date) => (span.key === "all" ? 0 : Math.ceil((span.end.getTime() - now.getTime()) / 1000) + GRACE_SECONDS);

/** One row as the scripts give it: userId, name, score, rank, previousRank ('' = joined in the latest mutation), periodRank? ('' = none). */
type RawRow = [string, string, string, string, string, string?];
type RawBoard = { version: string; updatedAt: string; total: string; updated: string[] | object; changes: RawRow[] | object; top: RawRow[] | object };

type RawAnswer =
  | { status: "ok"; boards: RawBoard[]; awards: string[] | object; original?: string }
  | { status: "unknown" | "invalid"; userId: string }
  | { status: "full" | "missing" | "undo_of_undo" }
  | { status: "undone"; award: string; original: string };

type RawPage = { status: "ok"; version: string; updatedAt: string; total: string; rows: RawRow[] | object } | { status: "missing" };

interface LeaderboardCommands {
  coachproLbAward(...args: string[]): Promise<["new" | "replay", string]>;
  coachproLbRemove(...args: string[]): Promise<string>;
  coachproLbReset(...args: string[]): Promise<string>;
  coachproLbRead(...args: string[]): Promise<string>;
}

const defined = new WeakSet<Redis>();

/** Registers the scripts on the client once (ioredis runs them by SHA, loading them when Redis does not know them). */
function commands(redis: Redis): Redis & LeaderboardCommands {
  if (!defined.has(redis)) {
    redis.defineCommand("coachproLbAward", { lua: AWARD_SCRIPT });
    redis.defineCommand("coachproLbRemove", { lua: REMOVE_SCRIPT });
    redis.defineCommand("coachproLbReset", { lua: RESET_SCRIPT });
    redis.defineCommand("coachproLbRead", { lua: READ_SCRIPT });
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

const parseAward = (json: string): Award => awardSchema.parse(JSON.parse(json));

function changeOf(raw: RawBoard, write: BoardWrite | undefined, replayed: boolean): BoardChange {
  return {
    ...(write ? { board: write.ref, span: write.span } : {}),
    result: { version: Number(raw.version), updatedAt: raw.updatedAt, changes: listOf(raw.changes).map(entryOf), updatedUserIds: listOf(raw.updated) },
    top: listOf(raw.top).map(entryOf),
    total: Number(raw.total),
    replayed,
  };
}

/**
 * The boards and the award history in Redis, shared by every instance and
 * kept across restarts. Each award batch is one Lua script (award-script.ts):
 * validation, every board it counts on, the version bumps, the movement
 * sets and the history, atomically; its answer is kept under its
 * idempotency key (AWARD_REPLY_TTL_SECONDS), so a retry on any instance gets
 * it and changes nothing. Window boards live under per-period keys that
 * expire a day after their period.
 */
export class RedisLeaderboardStore implements LeaderboardStore {
  constructor(
    private readonly redis: Redis,
    private readonly maxDisplaced = MAX_DISPLACED_CHANGES,
    private readonly timeZone = "UTC",
  ) {}

  async apply(updates: readonly AwardUpdate[], options: ApplyOptions): Promise<AwardChange> {
    const { idempotencyKey, maxAthletes, now = new Date(), by = ADMIN_GIVER } = options;
    return this.run(updates, { now, maxAthletes, by, reply: idempotencyKey === undefined ? undefined : REPLY_KEY(idempotencyKey) });
  }

  async undo(awardId: string, options: Omit<ApplyOptions, "idempotencyKey">): Promise<UndoChange> {
    const { maxAthletes, now = new Date(), by = ADMIN_GIVER } = options;
    const [raw, reply] = await redisCall(this.redis, (r) => Promise.all([r.hget(AWARD_KEYS.data, awardId), r.get(REPLY_KEY(`undo:${awardId}`))]));
    if (!raw) throw new AwardNotFoundError(awardId);
    const original = parseAward(raw);
    if (original.undoOf) throw new UndoOfUndoError(awardId);
    if (reply) return this.undoAnswer(JSON.parse(reply) as RawAnswer, [], true, now);
    const name = await redisCall(this.redis, (r) => r.hget(TEAM_KEYS[2], original.athleteId));
    const update: AwardUpdate = { userId: original.athleteId, points: -original.points, name: name ?? original.athleteName, ...(original.reason ? { reason: original.reason } : {}), ...(original.classId ? { classId: original.classId } : {}) };
    const windows = windowsStillHolding(new Date(original.at), now, this.timeZone);
    const change = await this.run([update], { now, maxAthletes, by, reply: REPLY_KEY(`undo:${awardId}`), undoOf: awardId, windows });
    return change as UndoChange;
  }

  async remove(userId: string, now = new Date()): Promise<BoardChange | null> {
    const raw = JSON.parse(await this.call((r) => r.coachproLbRemove(String(6 + 2 * MOVEMENT_PERIODS.length), ...TEAM_KEYS, ...this.movementKeys(now), now.toISOString(), String(this.maxDisplaced), String(EVENT_TOP_ROWS), userId))) as RawBoard & { status: string };
    return raw.status === "missing" ? null : changeOf(raw, undefined, false);
  }

  async reset(now = new Date()): Promise<BoardChange> {
    const raw = JSON.parse(await this.call((r) => r.coachproLbReset(String(6 + 2 * MOVEMENT_PERIODS.length), ...TEAM_KEYS, ...this.movementKeys(now), now.toISOString()))) as RawBoard;
    return changeOf(raw, undefined, false);
  }

  async read(query: BoardQuery): Promise<BoardPage | null> {
    const { window = "all", classId, movement, now = new Date() } = query;
    const ref: BoardRef = classId ? { window, classId } : { window };
    const span = periodOf(window, now, this.timeZone);
    const moving = movement && window === "all" && !classId ? periodOf(movement, now, this.timeZone) : undefined;
    const keys = [...boardKeys(ref, span), ...(moving ? this.movementKeysOf(movement!, moving) : [])];
    const args = [String(keys.length), ...keys, String(query.limit), query.around ?? "", span.key];
    const raw = JSON.parse(await this.call((r) => r.coachproLbRead(...args))) as RawPage;
    if (raw.status === "missing") return null;
    const rows = listOf(raw.rows);
    const page: BoardPage = {
      leaderboard: rows.map((row) => {
        const entry = entryOf(row);
        if (!moving) return entry;
        const periodRank = row[5] === "" || row[5] === undefined ? null : Number(row[5]);
        return { ...entry, periodRank, movement: periodRank === null ? null : periodRank - entry.rank };
      }),
      total: Number(raw.total),
      version: Number(raw.version),
      updatedAt: raw.updatedAt || now.toISOString(),
      board: ref,
      period: periodJson(span),
    };
    return moving ? { ...page, movementPeriod: { window: movement!, ...periodJson(moving)! } } : page;
  }

  async awards(filter: AwardFilter): Promise<{ awards: Award[]; nextCursor: number | null }> {
    const index = filter.athlete !== undefined ? AWARD_KEYS.athlete(filter.athlete) : filter.coach !== undefined ? AWARD_KEYS.giver(filter.coach) : AWARD_KEYS.log;
    const awards: Award[] = [];
    let max = filter.cursor === undefined ? "+inf" : `(${filter.cursor}`;
    let scanned = 0;
    while (scanned < MAX_AWARD_SCAN) {
      const page = await redisCall(this.redis, (r) => r.zrevrangebyscore(index, max, "-inf", "WITHSCORES", "LIMIT", 0, 200));
      if (page.length === 0) return { awards, nextCursor: null };
      const ids = page.filter((_, i) => i % 2 === 0);
      const records = await redisCall(this.redis, (r) => r.hmget(AWARD_KEYS.data, ...ids));
      for (let i = 0; i < ids.length; i += 1) {
        const seq = Number(page[i * 2 + 1]);
        max = `(${seq}`;
        scanned += 1;
        const json = records[i];
        if (!json) continue;
        const award = parseAward(json);
        if (filter.from && Date.parse(award.at) < filter.from.getTime()) return { awards, nextCursor: null };
        if (matchesFilter(award, filter)) awards.push(award);
        if (awards.length === filter.limit || scanned >= MAX_AWARD_SCAN) return { awards, nextCursor: seq > 1 ? seq : null };
      }
    }
    return { awards, nextCursor: null };
  }

  /** Runs the award script for a batch (or an undo) and reads its answer. */
  private async run(updates: readonly AwardUpdate[], context: { now: Date; maxAthletes: number; by: Giver; reply?: string; undoOf?: string; windows?: LeaderboardWindow[] }): Promise<AwardChange> {
    const { now, maxAthletes, by, reply, undoOf, windows } = context;
    for (const { userId, points } of updates) if (!Number.isSafeInteger(points)) throw new InvalidScoreUpdateError(userId);
    const writes = boardWrites(updates, now, this.timeZone, windows);
    const athletes = [...new Set(updates.map((update) => update.userId))];
    const base = 5 + 2 * MOVEMENT_PERIODS.length;
    const records = awardRecords(updates, by, now, () => "", undoOf);
    const spec = {
      now: now.toISOString(),
      maxAthletes,
      maxDisplaced: this.maxDisplaced,
      topRows: EVENT_TOP_ROWS,
      ttl: AWARD_REPLY_TTL_SECONDS,
      reply: reply !== undefined,
      undoOf: undoOf ?? "",
      movementTtl: MOVEMENT_PERIODS.map((period) => expiry(periodOf(period, now, this.timeZone), now)),
      athleteKeys: athletes.length,
      boards: writes.map((write) => ({ period: write.span.key, ttl: expiry(write.span, now), updates: write.updates.map((u) => [u.userId, String(u.points), u.name ?? ""]) })),
      awards: records.map((record) => ({ record: JSON.stringify(record), index: base + 1 + athletes.indexOf(record.athleteId) })),
    };
    const keys = [
      reply ?? NO_REPLY,
      AWARD_KEYS.seq,
      AWARD_KEYS.data,
      AWARD_KEYS.log,
      AWARD_KEYS.giver(by.coachId),
      ...this.movementKeys(now),
      ...athletes.map(AWARD_KEYS.athlete),
      ...writes.flatMap((write) => boardKeys(write.ref, write.span)),
    ];
    const [fate, text] = await redisCall(this.redis, (r) => commands(r).coachproLbAward(String(keys.length), ...keys, JSON.stringify(spec)));
    const raw = JSON.parse(text) as RawAnswer;
    if (raw.status === "unknown") throw new UnknownAthleteError(raw.userId);
    if (raw.status === "invalid") throw new InvalidScoreUpdateError(raw.userId);
    if (raw.status === "full") throw new BoardFullError(maxAthletes);
    if (raw.status === "missing") throw new AwardNotFoundError(undoOf ?? "");
    if (raw.status === "undo_of_undo") throw new UndoOfUndoError(undoOf ?? "");
    if (undoOf !== undefined) return this.undoAnswer(raw, writes, fate === "replay", now);
    if (raw.status !== "ok") throw new Error(`unexpected leaderboard script answer: ${raw.status}`);
    return this.awardAnswer(raw, writes, fate === "replay");
  }

  private awardAnswer(raw: Extract<RawAnswer, { status: "ok" }>, writes: BoardWrite[], replayed: boolean): AwardChange {
    // A replayed answer was written for the writes of its first run, which had the same boards in the same order.
    const boards = raw.boards.map((board, i) => changeOf(board, writes[i] ?? (i === 0 ? { ref: { window: "all" }, span: periodOf("all", new Date(), this.timeZone), updates: [] } : undefined), false));
    return { ...boards[0]!, replayed, boards, awards: listOf(raw.awards).map(parseAward) };
  }

  /** An undo's answer: the script's own, or (undone before, its answer gone) the team board as it is. */
  private async undoAnswer(raw: RawAnswer, writes: BoardWrite[], replayed: boolean, now: Date): Promise<UndoChange> {
    if (raw.status === "ok") {
      const change = this.awardAnswer(raw, writes, replayed);
      return { ...change, award: change.awards[0]!, original: parseAward(raw.original!) };
    }
    if (raw.status !== "undone") throw new Error(`unexpected leaderboard script answer: ${raw.status}`);
    const page = (await this.read({ limit: EVENT_TOP_ROWS, now }))!;
    const result = { version: page.version, updatedAt: page.updatedAt, changes: [], updatedUserIds: [] };
    return { board: { window: "all" }, result, top: page.leaderboard, total: page.total, replayed: true, boards: [], awards: [], award: parseAward(raw.award), original: parseAward(raw.original) };
  }

  private movementKeysOf(period: string, span: PeriodSpan): string[] {
    return [`lb:mv:${period}:${span.key}:start`, `lb:mv:${period}:${span.key}:now`];
  }

  /** Each movement period's start and now sets, for the periods holding `now`. */
  private movementKeys(now: Date): string[] {
    return MOVEMENT_PERIODS.flatMap((period) => this.movementKeysOf(period, periodOf(period, now, this.timeZone)));
  }

  private call(operation: (redis: Redis & LeaderboardCommands) => Promise<string>): Promise<string> {
    return redisCall(this.redis, (redis) => operation(commands(redis)));
  }
}
