import "server-only";

import { OrderedScores } from "./ordered-scores";

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
}

/**
 * The last mutation, enough to recompute anyone's rank before it in
 * O(log n + log b): `before` maps every touched user to its score before
 * (null = did not exist); `oldScores`/`newScores` are the touched scores before
 * and after (absent ones left out), sorted ascending.
 */
interface Delta {
  before: Map<string, number | null>;
  oldScores: number[];
  newScores: number[];
}

const EMPTY_DELTA: Delta = { before: new Map(), oldScores: [], newScores: [] };

/** How many of the ascending `sorted` values are strictly greater than `value`. */
function countGreater(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) <= value) low = mid + 1;
    else high = mid;
  }
  return sorted.length - low;
}

const ascending = (a: number, b: number) => a - b;

/** An athlete with its 0-based position in leaderboard order. */
interface Placed {
  athlete: Athlete;
  position: number;
}

const byPosition = (a: Placed, b: Placed) => a.position - b.position;

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
 * (a single update at 100 000 athletes: ~20 µs); entry O(log n); top/around
 * O(log n + k log b), b the size of the last mutation.
 */
export class Leaderboard {
  private readonly athletes = new Map<string, Athlete>();
  private readonly order = new OrderedScores<Athlete>();
  private readonly maxDisplaced: number;
  private delta: Delta = EMPTY_DELTA;
  private currentVersion = 0;
  private currentUpdatedAt: string;

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
    const updatedAt = now.toISOString();

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
    for (const [userId, { points, name }] of batch) {
      let athlete = this.athletes.get(userId);
      if (athlete === undefined) {
        athlete = { userId, name: name as string, score: points + 0, tick };
        this.athletes.set(userId, athlete);
        this.order.insert(athlete);
        before.set(userId, null);
      } else {
        before.set(userId, athlete.score);
        oldScores.push(athlete.score);
        const score = athlete.score + points;
        if (score !== athlete.score) {
          this.order.remove(athlete);
          athlete.score = score;
          athlete.tick = tick;
          this.order.insert(athlete);
        }
        if (name !== undefined) athlete.name = name;
      }
      newScores.push(athlete.score);
      touched.push(athlete);
    }
    this.delta = { before, oldScores: oldScores.sort(ascending), newScores: newScores.sort(ascending) };

    // 3. Report.
    const updated = touched.map((athlete) => ({ athlete, position: this.order.positionOf(athlete) }));
    updated.sort(byPosition);
    const displaced = this.displacedNear(updated.map(({ position }) => position));
    const changes = this.entriesAt([...updated, ...displaced].sort(byPosition));
    return {
      version: this.currentVersion,
      updatedAt,
      changes,
      updatedUserIds: updated.map(({ athlete }) => athlete.userId),
    };
  }

  /**
   * Removes an athlete (bumping the version); null when it is not on the
   * board. `changes` holds up to `maxDisplaced` athletes that moved up because
   * of it.
   */
  remove(userId: string, now: Date = new Date()): ApplyResult | null {
    const athlete = this.athletes.get(userId);
    if (athlete === undefined) return null;
    const updatedAt = now.toISOString();
    const position = this.order.positionOf(athlete);
    this.order.remove(athlete);
    this.athletes.delete(userId);
    this.bump(updatedAt);
    this.delta = { before: new Map([[userId, athlete.score]]), oldScores: [athlete.score], newScores: [] };
    const changes = this.entriesAt(this.displacedNear([position]).sort(byPosition));
    return { version: this.currentVersion, updatedAt, changes, updatedUserIds: [] };
  }

  /** Removes every athlete and bumps the version. */
  reset(now: Date = new Date()): ApplyResult {
    const updatedAt = now.toISOString();
    this.athletes.clear();
    this.order.clear();
    this.bump(updatedAt);
    this.delta = EMPTY_DELTA;
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

  /** The first `limit` rows in leaderboard order (fewer when the board is smaller). */
  top(limit: number): Entry[] {
    return this.rowsFrom(0, clampLimit(limit));
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

  /** Rows from position `start` on. */
  private rowsFrom(start: number, count: number): Entry[] {
    const athletes = this.order.slice(start, start + count);
    return this.entriesAt(athletes.map((athlete, i) => ({ athlete, position: start + i })));
  }

  /**
   * Rows for athletes sorted by position. A rank is carried over from the
   * row just before when adjacent (same score: same rank; else position + 1)
   * and counted in the tree only after a gap.
   */
  private entriesAt(placed: readonly Placed[]): Entry[] {
    const rows: Entry[] = [];
    let rank = 0;
    placed.forEach(({ athlete, position }, i) => {
      const previous = placed[i - 1];
      if (previous === undefined || previous.position !== position - 1) rank = this.order.rankOf(athlete);
      else if (previous.athlete.score !== athlete.score) rank = position + 1;
      rows.push(this.toEntry(athlete, rank));
    });
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
    const { before, oldScores, newScores } = this.delta;
    const scoreBefore = before.get(athlete.userId);
    if (scoreBefore === null) return null;
    const score = scoreBefore ?? athlete.score;
    const above = score === athlete.score ? rank - 1 : this.order.countAbove(score);
    return 1 + above - countGreater(newScores, score) + countGreater(oldScores, score);
  }

  /**
   * Up to `maxDisplaced` athletes not touched by the last mutation whose rank
   * changed, scanning outward from each anchor position (distance 1 for
   * every anchor, then 2, ...), at most `maxDisplaced` positions each way.
   * An untouched athlete's rank moved by (touched new scores above it) -
   * (touched old scores above it).
   */
  private displacedNear(anchors: readonly number[]): Placed[] {
    const limit = this.maxDisplaced;
    const found = new Map<string, Placed>();
    if (limit === 0 || anchors.length === 0) return [];
    const { before, oldScores, newScores } = this.delta;
    // One athlete already on the board changed score (the common single update):
    // exactly the athletes it passed changed rank, and they sit right next to
    // its new position on one side. Moving up from s0 to s1, they are the ones
    // just below with a score >= s0 (nobody below has s1: the mover's tick is
    // the newest); moving down, the ones just above with a score < s0.
    if (anchors.length === 1 && oldScores.length === 1 && newScores.length === 1) {
      const anchor = anchors[0] as number;
      const from = oldScores[0] as number;
      const to = newScores[0] as number;
      const passed: Placed[] = [];
      if (to > from) {
        const below = this.order.slice(anchor + 1, anchor + 1 + limit);
        for (let i = 0; i < below.length && (below[i] as Athlete).score >= from; i += 1) passed.push({ athlete: below[i] as Athlete, position: anchor + 1 + i });
      } else if (to < from) {
        const above = this.order.slice(Math.max(0, anchor - limit), anchor);
        for (let i = above.length - 1; i >= 0 && (above[i] as Athlete).score < from; i -= 1) passed.push({ athlete: above[i] as Athlete, position: anchor - (above.length - i) });
      }
      return passed;
    }
    const consider = (athlete: Athlete | undefined, position: number) => {
      if (athlete === undefined || before.has(athlete.userId) || found.has(athlete.userId)) return;
      if (countGreater(newScores, athlete.score) === countGreater(oldScores, athlete.score)) return;
      found.set(athlete.userId, { athlete, position });
    };
    // below[i] starts at the anchor itself (a touched athlete, skipped, or the
    // one that took a removed athlete's place); above[i] ends just before it.
    const below = anchors.map((anchor) => this.order.slice(anchor, anchor + limit + 1));
    const above = anchors.map((anchor) => this.order.slice(Math.max(0, anchor - limit), anchor));
    for (let distance = 0; distance <= limit && found.size < limit; distance += 1) {
      for (let i = 0; i < anchors.length && found.size < limit; i += 1) {
        const anchor = anchors[i] as number;
        const upper = above[i] as Athlete[];
        consider(below[i]?.[distance], anchor + distance);
        if (found.size < limit) consider(upper[upper.length - 1 - distance], anchor - 1 - distance);
      }
    }
    return [...found.values()];
  }
}
