import "server-only";

import type { LeaderboardPage } from "@/lib/schemas";

import { InvalidScoreUpdateError, Leaderboard, type ApplyResult, type Entry, type ScoreUpdate } from "../ranking/leaderboard";
import { EVENT_TOP_ROWS } from "../ranking/payload";

/** What one mutation of the board produced, with what its `ranking-update` needs. */
export interface BoardChange {
  result: ApplyResult;
  /** The first EVENT_TOP_ROWS rows right after the mutation. */
  top: Entry[];
  /** Athletes on the board right after the mutation. */
  total: number;
  /** true: an award with this idempotency key was applied before; this is its answer, nothing changed now. */
  replayed: boolean;
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

/**
 * Where the leaderboard lives: this process's memory (the ranking treap) or
 * Redis (a sorted set, ranks and the version bump in one Lua script). Both
 * give the same answers (tests/integration/leaderboard-store.test.ts runs one
 * contract suite against each): competition ranks (1, 2, 2, 4), ties listed
 * by who reached the score first, then userId; previousRank and change
 * against the board just before the latest mutation; a version bumped by
 * every mutation and never going backwards.
 */
export interface LeaderboardStore {
  /**
   * Applies a batch atomically with its version bump. With `idempotencyKey`,
   * the first answer is kept (AWARD_REPLY_TTL_SECONDS) and given again,
   * `replayed`, to every repeat, which changes nothing.
   * @throws UnknownAthleteError, InvalidScoreUpdateError, BoardFullError (nothing changed)
   */
  apply(updates: readonly ScoreUpdate[], options: { idempotencyKey?: string; maxAthletes: number; now?: Date }): Promise<BoardChange>;
  /** Removes one athlete (bumping the version); null when not on the board. */
  remove(userId: string, now?: Date): Promise<BoardChange | null>;
  /** Removes every athlete and bumps the version. */
  reset(now?: Date): Promise<BoardChange>;
  /** The top `limit` rows, or `limit` rows around `around` (null when that athlete is not on the board). */
  read(query: { limit: number; around?: string }): Promise<Omit<LeaderboardPage, "epoch"> | null>;
}

/** The board in this process's memory (the default store): gone with the process. */
export class MemoryLeaderboardStore implements LeaderboardStore {
  private readonly board = new Leaderboard();
  /** The answer per idempotency key, oldest first (bounded). */
  private readonly replies = new Map<string, { change: BoardChange; expires: number }>();

  constructor(private readonly replyCapacity = 1000) {}

  async apply(updates: readonly ScoreUpdate[], options: { idempotencyKey?: string; maxAthletes: number; now?: Date }): Promise<BoardChange> {
    const { idempotencyKey, maxAthletes, now = new Date() } = options;
    const known = idempotencyKey === undefined ? undefined : this.replies.get(idempotencyKey);
    if (known && known.expires > now.getTime()) return { ...known.change, replayed: true };
    // Whole points only, as in Redis (where scores must stay exact integers).
    for (const { userId, points } of updates) if (!Number.isSafeInteger(points)) throw new InvalidScoreUpdateError(userId);
    const added = new Set(updates.map((update) => update.userId).filter((userId) => !this.board.entry(userId)));
    if (added.size + this.board.total > maxAthletes) throw new BoardFullError(maxAthletes);
    const change = this.changed(this.board.apply(updates, now));
    if (idempotencyKey !== undefined) {
      this.replies.delete(idempotencyKey);
      this.replies.set(idempotencyKey, { change, expires: now.getTime() + AWARD_REPLY_TTL_SECONDS * 1000 });
      if (this.replies.size > this.replyCapacity) this.replies.delete(this.replies.keys().next().value!);
    }
    return change;
  }

  async remove(userId: string, now = new Date()): Promise<BoardChange | null> {
    const result = this.board.remove(userId, now);
    return result ? this.changed(result) : null;
  }

  async reset(now = new Date()): Promise<BoardChange> {
    return this.changed(this.board.reset(now));
  }

  async read(query: { limit: number; around?: string }): Promise<Omit<LeaderboardPage, "epoch"> | null> {
    const { board } = this;
    if (query.around !== undefined && !board.entry(query.around)) return null;
    const leaderboard = query.around !== undefined ? board.around(query.around, query.limit) : board.top(query.limit);
    return { leaderboard, total: board.total, version: board.version, updatedAt: board.updatedAt };
  }

  // Read in the same tick as the mutation, so the top rows match its version.
  private changed(result: ApplyResult): BoardChange {
    return { result, top: this.board.top(EVENT_TOP_ROWS), total: this.board.total, replayed: false };
  }
}
