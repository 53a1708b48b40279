import "server-only";

import { MOVEMENT_PERIODS, type Award, type BoardRef, type LeaderboardPage, type LeaderboardWindow, type MovementPeriod } from "@/lib/schemas";

import { InvalidScoreUpdateError, Leaderboard, UnknownAthleteError, type ApplyResult, type Entry } from "../ranking/leaderboard";
import { EVENT_TOP_ROWS } from "../ranking/payload";
import { MemoryAwardLog } from "./award-log";
import {
  ADMIN_GIVER,
  AwardNotFoundError,
  awardRecords,
  boardWrites,
  streamKey,
  UndoOfUndoError,
  windowsStillHolding,
  type AwardFilter,
  type AwardUpdate,
  type BoardWrite,
  type Giver,
} from "./awards";
import { PeriodStarts } from "./period-starts";
import { periodJson, periodOf, type PeriodSpan } from "./periods";

/** What one mutation of one board produced, with what its `ranking-update` needs. */
export interface BoardChange {
  /** Which board (absent on remove/reset answers: the team's all-time board). */
  board?: BoardRef;
  /** Its period now (absent: "all"). */
  span?: PeriodSpan;
  result: ApplyResult;
  /** The first EVENT_TOP_ROWS rows right after the mutation. */
  top: Entry[];
  /** Athletes on the board right after the mutation. */
  total: number;
  /** true: an award with this idempotency key was applied before; this is its answer, nothing changed now. */
  replayed: boolean;
}

/** An award batch (or an undo): the team all-time board's change (as before), every board changed, and the awards recorded. */
export interface AwardChange extends BoardChange {
  /** Every board changed, team all-time first (see boardWrites for the order). */
  boards: BoardChange[];
  /** The history records, one per update, in input order. */
  awards: Award[];
}

export interface UndoChange extends AwardChange {
  /** The compensating award. */
  award: Award;
  /** The award undone (with undoneBy set). */
  original: Award;
}

/** The award would take the board past `maxAthletes`. */
export class BoardFullError extends Error {
  override name = "BoardFullError";
  constructor(readonly maxAthletes: number) {
    super(`The leaderboard holds at most ${maxAthletes} athletes.`);
  }
}

/** How long the answer to an award with an Idempotency-Key is kept for its retries. */
export const AWARD_REPLY_TTL_SECONDS = 24 * 60 * 60;

export interface ApplyOptions {
  idempotencyKey?: string;
  maxAthletes: number;
  now?: Date;
  /** Who gives it (default: the admin token). */
  by?: Giver;
}

export interface BoardQuery {
  limit: number;
  around?: string;
  window?: LeaderboardWindow;
  classId?: string;
  /** Rows carry periodRank and movement over this period (team all-time board only). */
  movement?: MovementPeriod;
  now?: Date;
}

export type BoardPage = Omit<LeaderboardPage, "epoch">;

/**
 * Where the leaderboards and the award history live: this process's memory
 * or Redis (sorted sets, Lua). Both give the same answers (one contract suite
 * runs against each): competition ranks (1, 2, 2, 4), ties listed by who
 * reached the score first, then userId; previousRank and change against the
 * board just before its latest mutation; per board (window × team or class)
 * a version bumped by every mutation and never going backwards, a new period
 * starting empty with one more version.
 */
export interface LeaderboardStore {
  /**
   * Records the awards and applies them to every board they count on,
   * atomically with the version bumps. With `idempotencyKey`, the first
   * answer is kept (AWARD_REPLY_TTL_SECONDS) and given again, `replayed`.
   * @throws UnknownAthleteError, InvalidScoreUpdateError, BoardFullError (nothing changed)
   */
  apply(updates: readonly AwardUpdate[], options: ApplyOptions): Promise<AwardChange>;
  /**
   * Undoes an award with a compensating one (−points, `undoOf`), once: a
   * repeat answers the same compensating award, `replayed`.
   * @throws AwardNotFoundError, UndoOfUndoError
   */
  undo(awardId: string, options: Omit<ApplyOptions, "idempotencyKey">): Promise<UndoChange>;
  /** Removes one athlete from the team's all-time board (bumping its version); null when not on it. */
  remove(userId: string, now?: Date): Promise<BoardChange | null>;
  /** Empties the team's all-time board and bumps its version. */
  reset(now?: Date): Promise<BoardChange>;
  /** The top `limit` rows of a board, or `limit` rows around `around` (null when that athlete is not on it). */
  read(query: BoardQuery): Promise<BoardPage | null>;
  /** Awards newest first matching the filter; `nextCursor` continues below the last one. */
  awards(filter: AwardFilter): Promise<{ awards: Award[]; nextCursor: number | null }>;
}

/** One version stream (a window of the team's or a class's board) in memory. */
interface Stream {
  window: LeaderboardWindow;
  board: Leaderboard;
  /** The period key the board holds. */
  period: string;
}

/** The boards and history in this process's memory (the default store): gone with the process. */
export class MemoryLeaderboardStore implements LeaderboardStore {
  private readonly streams = new Map<string, Stream>();
  private readonly starts = new Map<MovementPeriod, PeriodStarts>(MOVEMENT_PERIODS.map((period) => [period, new PeriodStarts()]));
  private readonly log: MemoryAwardLog;
  /** The answer per idempotency key (and per undone award), oldest first (bounded). */
  private readonly replies = new Map<string, { change: AwardChange; expires: number }>();

  constructor(
    private readonly replyCapacity = 1000,
    private readonly timeZone = "UTC",
    historyCapacity = 100_000,
  ) {
    this.streams.set("team/all", { window: "all", board: new Leaderboard(), period: "all" });
    this.log = new MemoryAwardLog(historyCapacity);
  }

  private get team(): Leaderboard {
    return this.streams.get("team/all")!.board;
  }

  async apply(updates: readonly AwardUpdate[], options: ApplyOptions): Promise<AwardChange> {
    const { idempotencyKey, maxAthletes, now = new Date(), by = ADMIN_GIVER } = options;
    const known = idempotencyKey === undefined ? undefined : this.replies.get(idempotencyKey);
    if (known && known.expires > now.getTime()) return { ...known.change, replayed: true };
    const change = this.commit(updates, boardWrites(updates, now, this.timeZone), { maxAthletes, now, by });
    if (idempotencyKey !== undefined) this.remember(idempotencyKey, change, now);
    return change;
  }

  async undo(awardId: string, options: Omit<ApplyOptions, "idempotencyKey">): Promise<UndoChange> {
    const { maxAthletes, now = new Date(), by = ADMIN_GIVER } = options;
    const original = this.log.get(awardId);
    if (!original) throw new AwardNotFoundError(awardId);
    if (original.undoOf) throw new UndoOfUndoError(awardId);
    if (original.undoneBy) {
      const award = this.log.get(original.undoneBy)!;
      const known = this.replies.get(`undo:${awardId}`);
      const change = known?.change ?? this.unchanged(now);
      return { ...change, replayed: true, award, original };
    }
    const update: AwardUpdate = { userId: original.athleteId, points: -original.points, name: this.team.nameOf(original.athleteId) ?? original.athleteName, ...(original.reason ? { reason: original.reason } : {}), ...(original.classId ? { classId: original.classId } : {}) };
    const windows = windowsStillHolding(new Date(original.at), now, this.timeZone);
    const change = this.commit([update], boardWrites([update], now, this.timeZone, windows), { maxAthletes, now, by, undoOf: awardId });
    const undone = this.log.update(awardId, { undoneBy: change.awards[0]!.id, undoneAt: now.toISOString() });
    this.remember(`undo:${awardId}`, change, now);
    return { ...change, award: change.awards[0]!, original: undone };
  }

  async remove(userId: string, now = new Date()): Promise<BoardChange | null> {
    const result = this.team.remove(userId, now);
    if (!result) return null;
    for (const starts of this.starts.values()) starts.forget(userId);
    return this.changed(this.team, result);
  }

  async reset(now = new Date()): Promise<BoardChange> {
    for (const starts of this.starts.values()) starts.clear();
    return this.changed(this.team, this.team.reset(now));
  }

  async read(query: BoardQuery): Promise<BoardPage | null> {
    const { window = "all", classId, movement, now = new Date() } = query;
    const ref: BoardRef = classId ? { window, classId } : { window };
    const span = periodOf(window, now, this.timeZone);
    const stream = this.streams.get(streamKey(ref));
    const base = { board: ref, period: periodJson(span) };
    if (!stream || stream.period !== span.key) {
      // Never written, or still holding an earlier period: this period's board is empty, one version on.
      if (query.around !== undefined) return null;
      const version = stream ? stream.board.version + 1 : 0;
      return { leaderboard: [], total: 0, version, updatedAt: stream?.board.updatedAt ?? now.toISOString(), ...base };
    }
    const { board } = stream;
    if (query.around !== undefined && !board.entry(query.around)) return null;
    let leaderboard = query.around !== undefined ? board.around(query.around, query.limit) : board.top(query.limit);
    const page: BoardPage = { leaderboard, total: board.total, version: board.version, updatedAt: board.updatedAt, ...base };
    if (movement && window === "all" && !classId) {
      const starts = this.starts.get(movement)!;
      const movementSpan = periodOf(movement, now, this.timeZone);
      leaderboard = leaderboard.map((entry) => {
        const periodRank = starts.rankAtStart(entry.userId, entry.score, board, movementSpan.key);
        return { ...entry, periodRank, movement: periodRank === null ? null : periodRank - entry.rank };
      });
      return { ...page, leaderboard, movementPeriod: { window: movement, ...periodJson(movementSpan)! } };
    }
    return page;
  }

  async awards(filter: AwardFilter): Promise<{ awards: Award[]; nextCursor: number | null }> {
    return this.log.query(filter);
  }

  /** Validates on every board, then records the awards and applies them; nothing changes on a throw. */
  private commit(updates: readonly AwardUpdate[], writes: BoardWrite[], context: { maxAthletes: number; now: Date; by: Giver; undoOf?: string }): AwardChange {
    const { maxAthletes, now, by, undoOf } = context;
    const team = this.team;
    // Whole points only, as in Redis (where scores must stay exact integers).
    for (const { userId, points } of updates) if (!Number.isSafeInteger(points)) throw new InvalidScoreUpdateError(userId);
    const added = new Set(updates.map((update) => update.userId).filter((userId) => !team.has(userId)));
    const named = new Set(updates.filter((update) => update.name).map((update) => update.userId));
    for (const userId of added) if (!named.has(userId)) throw new UnknownAthleteError(userId);
    if (added.size + team.total > maxAthletes) throw new BoardFullError(maxAthletes);
    this.dropStalePeriods(now);
    // Movement periods see each athlete's all-time score before the batch.
    for (const [period, starts] of this.starts) {
      starts.roll(periodOf(period, now, this.timeZone).key);
      for (const { userId } of updates) starts.before(userId, team.scoreOf(userId));
    }
    const changes: BoardChange[] = [];
    for (const write of writes) {
      const stream = this.stream(write, now);
      // Window and class boards learn a name from the team board when the batch gives none.
      const withNames = write.updates.map((update) => (update.name || stream.board.has(update.userId) ? update : { ...update, name: team.nameOf(update.userId) ?? update.userId }));
      changes.push({ ...this.changed(stream.board, stream.board.apply(withNames, now)), board: write.ref, span: write.span });
    }
    for (const starts of this.starts.values()) for (const { userId } of updates) starts.after(userId, team.scoreOf(userId)!);
    const awards = awardRecords(updates, by, now, (userId) => team.nameOf(userId) ?? userId, undoOf).map((record) => this.log.append(record));
    return { ...changes[0]!, boards: changes, awards };
  }

  /** The stream a write goes to, created or rolled over (and stale periods dropped) first. */
  private stream(write: BoardWrite, now: Date): Stream {
    const key = streamKey(write.ref);
    let stream = this.streams.get(key);
    if (!stream) {
      stream = { window: write.ref.window, board: new Leaderboard({ now }), period: write.span.key };
      this.streams.set(key, stream);
    }
    if (stream.period !== write.span.key) {
      stream.board.reset(now);
      stream.period = write.span.key;
    }
    return stream;
  }

  /** Old periods go: a window board still holding an earlier period is emptied (its version moves on by one). */
  private dropStalePeriods(now: Date): void {
    for (const stream of this.streams.values()) {
      if (stream.window === "all" || stream.board.total === 0) continue;
      const current = periodOf(stream.window, now, this.timeZone).key;
      if (stream.period !== current) {
        stream.board.reset(now);
        stream.period = current;
      }
    }
  }

  private remember(key: string, change: AwardChange, now: Date): void {
    this.replies.delete(key);
    this.replies.set(key, { change, expires: now.getTime() + AWARD_REPLY_TTL_SECONDS * 1000 });
    if (this.replies.size > this.replyCapacity) this.replies.delete(this.replies.keys().next().value!);
  }

  /** The team board as it is, as a change of nothing (an undo repeated after its answer was forgotten). */
  private unchanged(now: Date): AwardChange {
    const team = this.team;
    const change = { result: { version: team.version, updatedAt: team.updatedAt || now.toISOString(), changes: [], updatedUserIds: [] }, top: team.top(EVENT_TOP_ROWS), total: team.total, replayed: true };
    return { ...change, board: { window: "all" }, boards: [], awards: [] };
  }

  // Read in the same tick as the mutation, so the top rows match its version.
  private changed(board: Leaderboard, result: ApplyResult): BoardChange {
    return { result, top: board.top(EVENT_TOP_ROWS), total: board.total, replayed: false };
  }
}
