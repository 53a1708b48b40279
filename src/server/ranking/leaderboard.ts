import "server-only";

import { OrderedScores } from "./ordered-scores";
import { countGreater, displacedNear, EMPTY_DELTA, passedAthletes, scoreBefore, type Delta, type Placed as PlacedKey } from "./rank-delta";
import { BoardResult, rowHead } from "./row";

/**
 * One leaderboard row, as routes and `ranking-update` events carry it.
 * `previousRank` is the rank just before the most recent board mutation
 * (null when the athlete joined in it); `change = previousRank - rank`
 * (positive = moved up, null when new).
 */
export interface Entry {
  userId: string;
  name: string;
  score: number;
  rank: number;
  previousRank: number | null;
  change: number | null;
}

/** One score update: adds `points`; `name` creates or renames the athlete. */
export interface ScoreUpdate {
  userId: string;
  points: number;
  name?: string;
}

/** What a mutation of the board produced. */
export interface ApplyResult {
  version: number;
  updatedAt: string;
  /** The athletes named in the batch plus up to `maxDisplaced` displaced neighbours, in rank order. */
  changes: Entry[];
  /** The athletes named in the batch, in rank order (a subset of `changes`). */
  updatedUserIds: string[];
}

/** How many athletes that moved only because others passed them are listed per mutation. */
export const MAX_DISPLACED_CHANGES = 20;

/** A batch names an athlete the board does not know, without a name to create it. */
export class UnknownAthleteError extends Error {
  override name = "UnknownAthleteError";
  constructor(readonly userId: string) {
    super(`Unknown athlete "${userId}": a name is required to add a new athlete.`);
  }
}

/** A batch carries points (or would reach a score) that is not a finite number. */
export class InvalidScoreUpdateError extends Error {
  override name = "InvalidScoreUpdateError";
  constructor(readonly userId: string) {
    super(`The update for "${userId}" does not lead to a finite score.`);
  }
}

interface Athlete {
  readonly userId: string;
  name: string;
  score: number;
  tick: number;
  /** Its row's JSON up to the name (see row.ts), made again only on a rename. */
  headText: string;
  headBytes: number;
}

function rename(athlete: Athlete, name: string): void {
  if (name === athlete.name) return;
  athlete.name = name;
  const head = rowHead(athlete.userId, name);
  athlete.headText = head.text;
  athlete.headBytes = head.bytes;
}

/** Top lists up to this many rows are kept between mutations (see `Leaderboard.top`). */
const TOP_MEMORY_ROWS = 256;

// Date#toISOString for the same instant as the last call (most calls within a millisecond share it).
let lastIsoTime = Number.NaN;
let lastIso = "";
function isoString(now: Date): string {
  const time = now.getTime();
  if (time !== lastIsoTime) {
    lastIso = now.toISOString(); // RangeError for an invalid date, before anything changes.
    lastIsoTime = time;
  }
  return lastIso;
}

const ascending = (a: number, b: number) => a - b;

type Placed = PlacedKey<Athlete>;

const byPosition = (a: Placed, b: Placed) => a.position - b.position;

// `updated` flags of a single award's rows (only one row is updated), shared: they never change.
const onlyUpdatedFlags = new Map<number, readonly boolean[]>();
function onlyUpdated(count: number, at: number): readonly boolean[] {
  const key = count * 2 + (at === 0 ? 0 : 1);
  let flags = onlyUpdatedFlags.get(key);
  if (flags === undefined) {
    flags = Object.freeze(Array.from({ length: count }, (_, i) => i === at));
    onlyUpdatedFlags.set(key, flags);
  }
  return flags;
}

/** The row sources of a result made from `placed` (see BoardResult). */
const sourcesOf = (placed: readonly Placed[]) => ({ athletes: placed.map(({ athlete }) => athlete), updated: placed.map(({ updated }) => updated === true) });

function clampLimit(limit: number): number {
  return Number.isNaN(limit) || limit <= 0 ? 0 : Math.floor(limit);
}

/**
 * The live leaderboard: athletes `{ userId, name, score }` ranked by
 * competition ranking (equal scores share a rank: 1, 2, 2, 4) and listed in
 * the order of `compareScoreKeys` — score desc, then who reached that
 * score first (the batch version), then userId.
 *
 * Every mutation (apply, remove, reset) bumps `version` by one. previousRank
 * and change are always against the ranking just before the most recent
 * mutation, for every athlete and every read (top, around, entry, changes):
 * the board keeps that mutation's before/after scores and derives old ranks
 * from them, so nothing is recomputed for the athletes it did not touch.
 *
 * Costs: a mutation of b athletes is O((b + K) log n) with K = `maxDisplaced`
 * (a single update at 100 000 athletes: a few µs); entry O(log n); top/around
 * O(log n + k log b), b the size of the last mutation — and top is O(k) while
 * the mutations since it was last built stayed below its rows.
 */
export class Leaderboard {
  private readonly athletes = new Map<string, Athlete>();
  private readonly order = new OrderedScores<Athlete>();
  private readonly maxDisplaced: number;
  private delta: Delta = EMPTY_DELTA;
  private currentVersion = 0;
  private currentUpdatedAt: string;
  /** The first rows in order as `top` last built them (frozen), while still exact; null when not held. */
  private topRows: readonly Entry[] | null = null;
  /** Every held top row has change 0: a mutation that stays below them leaves them exactly as they are. */
  private topSettled = false;

  constructor(options: { maxDisplaced?: number; now?: Date } = {}) {
    this.maxDisplaced = clampLimit(options.maxDisplaced ?? MAX_DISPLACED_CHANGES);
    this.currentUpdatedAt = (options.now ?? new Date()).toISOString();
  }

  /** Number of athletes on the board. */
  get total(): number {
    return this.athletes.size;
  }

  /** Bumped by one on every apply, remove and reset; 0 for a new board. */
  get version(): number {
    return this.currentVersion;
  }

  /** ISO-8601 time of the last mutation (or of construction). */
  get updatedAt(): string {
    return this.currentUpdatedAt;
  }

  /**
   * Applies a batch atomically: points are summed per athlete, the last name
   * given for an athlete wins (creating it, or renaming it). Validation runs
   * before anything changes, so a throw leaves the board untouched.
   *
   * An athlete's `tick` (the tie-break) moves to this batch only when its score
   * actually changes. An empty batch still bumps the version.
   *
   * `changes` lists every athlete named in the batch, plus up to
   * `maxDisplaced` athletes whose rank moved only because others passed them
   * (those nearest the updated athletes' new positions first), all in rank
   * order. Clients re-derive the rest from the top list.
   *
   * @throws UnknownAthleteError a new athlete comes without a name
   * @throws InvalidScoreUpdateError points are not finite or the score would not be
   * @throws RangeError `now` is an invalid date
   */
  apply(updates: readonly ScoreUpdate[], now: Date = new Date()): ApplyResult {
    const updatedAt = isoString(now);
    if (updates.length === 1) return this.applyOne(updates[0] as ScoreUpdate, updatedAt) ?? this.applyBatch(updates, updatedAt);
    return this.applyBatch(updates, updatedAt);
  }

  /**
   * The common award: one athlete already on the board whose score changes.
   * The same result as applyBatch, without its per-batch maps: the order
   * gives the old and new positions as it moves the athlete, and exactly the
   * athletes it passed changed rank. null (nothing checked beyond what
   * applyBatch checks the same way, nothing changed) for any other single update.
   */
  private applyOne(update: ScoreUpdate, updatedAt: string): ApplyResult | null {
    const { userId, points, name } = update;
    const athlete = this.athletes.get(userId);
    if (athlete === undefined) return null;
    if (!Number.isFinite(points)) throw new InvalidScoreUpdateError(userId);
    const from = athlete.score;
    const score = from + points;
    if (!Number.isFinite(score)) throw new InvalidScoreUpdateError(userId);
    if (score === from) return null;

    const tick = this.bump(updatedAt);
    const previousRank = this.order.removeRanked(athlete);
    athlete.score = score;
    athlete.tick = tick;
    if (name !== undefined) rename(athlete, name);
    const position = this.order.add(athlete);
    this.delta = { before: null, only: athlete, onlyBefore: from, oldScores: [from], newScores: [score] };
    this.keepTopBelow(score > from ? score : from);

    return this.movedOne(athlete, position, from, previousRank, updatedAt);
  }

  /**
   * The result of one athlete moving from score `from` to its score now, at
   * `position`: its row and the rows of the athletes it passed (see
   * passedAthletes: they sit right next to it, on the side it came from), at most
   * `maxDisplaced`, in rank order. Each one passed moved by exactly one
   * place (down when it was passed from below, up when from above), so its
   * previous rank needs no counting; ranks are carried row to row.
   */
  private movedOne(athlete: Athlete, position: number, from: number, previousRankOfMover: number, updatedAt: string): ApplyResult {
    const up = athlete.score > from;
    const athletes = passedAthletes(this.order, this.maxDisplaced, position, from, athlete.score).athletes;
    const passed = athletes.length;
    if (up) athletes.unshift(athlete);
    else athletes.push(athlete);
    const count = passed + 1;
    const at = up ? 0 : count - 1;
    // Rows in rank order from position `top`.
    const top = up ? position : position - passed;
    const rows: Entry[] = [];
    let rank = 0;
    for (let i = 0; i < count; i += 1) {
      const current = athletes[i] as Athlete;
      if (i === 0) rank = this.order.rankAt(top);
      else if ((athletes[i - 1] as Athlete).score !== current.score) rank = top + i + 1;
      const previousRank = i === at ? previousRankOfMover : up ? rank - 1 : rank + 1;
      rows.push({ userId: current.userId, name: current.name, score: current.score, rank, previousRank, change: previousRank === null ? null : previousRank - rank });
    }
    return new BoardResult(this.currentVersion, updatedAt, rows, [athlete.userId], { athletes, updated: onlyUpdated(count, at) });
  }

  private applyBatch(updates: readonly ScoreUpdate[], updatedAt: string): ApplyResult {
    // 1. Validate and aggregate without touching the board.
    const batch = new Map<string, { points: number; name: string | undefined }>();
    for (const { userId, points, name } of updates) {
      if (!Number.isFinite(points)) throw new InvalidScoreUpdateError(userId);
      const seen = batch.get(userId);
      if (seen === undefined) batch.set(userId, { points, name });
      else batch.set(userId, { points: seen.points + points, name: name ?? seen.name });
    }
    for (const [userId, { points, name }] of batch) {
      const athlete = this.athletes.get(userId);
      if (athlete === undefined && name === undefined) throw new UnknownAthleteError(userId);
      if (!Number.isFinite((athlete?.score ?? 0) + points)) throw new InvalidScoreUpdateError(userId);
    }

    // 2. Commit.
    const tick = this.bump(updatedAt);
    const before = new Map<string, number | null>();
    const oldScores: number[] = [];
    const newScores: number[] = [];
    const touched: Athlete[] = [];
    let highest = Number.NEGATIVE_INFINITY;
    for (const [userId, { points, name }] of batch) {
      let athlete = this.athletes.get(userId);
      if (athlete === undefined) {
        const head = rowHead(userId, name as string);
        athlete = { userId, name: name as string, score: points + 0, tick, headText: head.text, headBytes: head.bytes };
        this.athletes.set(userId, athlete);
        this.order.add(athlete);
        before.set(userId, null);
      } else {
        before.set(userId, athlete.score);
        oldScores.push(athlete.score);
        highest = Math.max(highest, athlete.score);
        const score = athlete.score + points;
        if (score !== athlete.score) {
          this.order.delete(athlete);
          athlete.score = score;
          athlete.tick = tick;
          this.order.add(athlete);
        }
        if (name !== undefined) rename(athlete, name);
      }
      highest = Math.max(highest, athlete.score);
      newScores.push(athlete.score);
      touched.push(athlete);
    }
    this.delta = { before, only: null, onlyBefore: null, oldScores: oldScores.sort(ascending), newScores: newScores.sort(ascending) };
    this.keepTopBelow(highest);

    // 3. Report.
    const updated = touched.map((athlete) => ({ athlete, position: this.order.positionOf(athlete), updated: true }));
    updated.sort(byPosition);
    const displaced = displacedNear(this.order, this.delta, this.maxDisplaced, updated.map(({ position }) => position));
    const placed = [...updated, ...displaced].sort(byPosition);
    return new BoardResult(this.currentVersion, updatedAt, this.entriesAt(placed), updated.map(({ athlete }) => athlete.userId), sourcesOf(placed));
  }

  /**
   * Removes an athlete (bumping the version); null when it is not on the
   * board. `changes` holds up to `maxDisplaced` athletes that moved up because
   * of it.
   */
  remove(userId: string, now: Date = new Date()): ApplyResult | null {
    const athlete = this.athletes.get(userId);
    if (athlete === undefined) return null;
    const updatedAt = isoString(now);
    const position = this.order.delete(athlete);
    this.athletes.delete(userId);
    this.bump(updatedAt);
    this.delta = { before: null, only: athlete, onlyBefore: athlete.score, oldScores: [athlete.score], newScores: [] };
    this.keepTopBelow(athlete.score);
    const placed = displacedNear(this.order, this.delta, this.maxDisplaced, [position]).sort(byPosition);
    return new BoardResult(this.currentVersion, updatedAt, this.entriesAt(placed), [], sourcesOf(placed));
  }

  /** Removes every athlete and bumps the version. */
  reset(now: Date = new Date()): ApplyResult {
    const updatedAt = isoString(now);
    this.athletes.clear();
    this.order.clear();
    this.bump(updatedAt);
    this.delta = EMPTY_DELTA;
    this.topRows = null;
    return { version: this.currentVersion, updatedAt, changes: [], updatedUserIds: [] };
  }

  /** Whether the athlete is on the board. O(1). */
  has(userId: string): boolean {
    return this.athletes.has(userId);
  }

  /** The athlete's score; undefined when not on the board. O(1). */
  scoreOf(userId: string): number | undefined {
    return this.athletes.get(userId)?.score;
  }

  /** The athlete's name; undefined when not on the board. O(1). */
  nameOf(userId: string): string | undefined {
    return this.athletes.get(userId)?.name;
  }

  /** How many athletes have a score strictly greater than `score`. O(log n). */
  countAbove(score: number): number {
    return this.order.countAbove(score);
  }

  /** One athlete's row; undefined when not on the board. O(log n). */
  entry(userId: string): Entry | undefined {
    const athlete = this.athletes.get(userId);
    return athlete === undefined ? undefined : this.toEntry(athlete);
  }

  /**
   * The first `limit` rows in leaderboard order (fewer when the board is
   * smaller). Up to TOP_MEMORY_ROWS rows are kept and handed out again
   * (frozen, in a fresh array) until a mutation reaches them: every event
   * and every board read starts with the top list, and most awards land
   * far below it.
   */
  top(limit: number): Entry[] {
    const count = clampLimit(limit);
    if (count === 0) return [];
    const held = this.topRows;
    if (held !== null && (count <= held.length || held.length === this.total)) return held.slice(0, count);
    const rows = this.rowsFrom(0, count);
    if (count <= TOP_MEMORY_ROWS && rows.length > 0) {
      let settled = true;
      for (const row of rows) {
        Object.freeze(row);
        if (row.change !== 0) settled = false;
      }
      this.topRows = rows;
      this.topSettled = settled;
      return rows.slice();
    }
    return rows;
  }

  /**
   * `limit` rows centred on the athlete (shifted to stay inside the board,
   * so it is still `limit` rows near either end); [] when the athlete is not
   * on the board.
   */
  around(userId: string, limit: number): Entry[] {
    const athlete = this.athletes.get(userId);
    const count = clampLimit(limit);
    if (athlete === undefined || count === 0) return [];
    const position = this.order.positionOf(athlete);
    const start = Math.max(0, Math.min(position - Math.floor((count - 1) / 2), this.total - count));
    return this.rowsFrom(start, count);
  }

  private bump(updatedAt: string): number {
    this.currentVersion += 1;
    this.currentUpdatedAt = updatedAt;
    return this.currentVersion;
  }

  /**
   * After a mutation whose touched athletes' scores (before and after) were
   * all below `highest` or equal to it: the held top rows stay exact only if
   * they were all unmoved (change 0 stays 0) and `highest` is below the last
   * one's score — then no touched athlete was or is among them, and none
   * counts as above any of them.
   */
  private keepTopBelow(highest: number): void {
    const held = this.topRows;
    if (held === null) return;
    if (!this.topSettled || highest >= (held[held.length - 1] as Entry).score) this.topRows = null;
  }

  /** Rows from position `start` on. */
  private rowsFrom(start: number, count: number): Entry[] {
    const athletes = this.order.slice(start, start + count);
    return this.entriesAt(athletes.map((athlete, i) => ({ athlete, position: start + i })));
  }

  /**
   * Rows for athletes sorted by position. A rank is carried over from the
   * row just before when adjacent (same score: same rank; else position + 1)
   * and counted in the order only after a gap.
   */
  private entriesAt(placed: readonly Placed[]): Entry[] {
    const rows: Entry[] = [];
    let rank = 0;
    for (let i = 0; i < placed.length; i += 1) {
      const { athlete, position } = placed[i] as Placed;
      const previous = placed[i - 1];
      if (previous === undefined || previous.position !== position - 1) rank = this.order.rankOf(athlete);
      else if (previous.athlete.score !== athlete.score) rank = position + 1;
      rows.push(this.toEntry(athlete, rank));
    }
    return rows;
  }

  private toEntry(athlete: Athlete, rank = this.order.rankOf(athlete)): Entry {
    const previousRank = this.previousRankOf(athlete, rank);
    return {
      userId: athlete.userId,
      name: athlete.name,
      score: athlete.score,
      rank,
      previousRank,
      change: previousRank === null ? null : previousRank - rank,
    };
  }

  /**
   * The rank before the last mutation: with s its score then, 1 + how many
   * had a higher score then = how many have now, minus the mutated athletes'
   * new scores above s, plus their old scores above s (the athlete's own
   * terms cancel out).
   */
  private previousRankOf(athlete: Athlete, rank: number): number | null {
    const delta = this.delta;
    const before = scoreBefore(delta, athlete);
    if (before === null) return null;
    const score = before ?? athlete.score;
    const above = score === athlete.score ? rank - 1 : this.order.countAbove(score);
    return 1 + above - countGreater(delta.newScores, score) + countGreater(delta.oldScores, score);
  }
}
