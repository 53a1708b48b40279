import "server-only";

import type { OrderedScores, ScoreKey } from "./ordered-scores";

/**
 * A board's last mutation, enough to recompute anyone's rank before it in
 * O(log n + log b): `before` maps every touched user to its score before
 * (null = did not exist) — for a single touched athlete, `only` (the
 * board's own key object, told apart by identity: no string is read) and
 * `onlyBefore` instead, sparing a Map per update; `oldScores`/`newScores` are the touched
 * scores before and after (absent ones left out), sorted ascending.
 */
export interface Delta {
  before: Map<string, number | null> | null;
  only: ScoreKey | null;
  onlyBefore: number | null;
  oldScores: number[];
  newScores: number[];
}

export const EMPTY_DELTA: Delta = { before: new Map(), only: null, onlyBefore: null, oldScores: [], newScores: [] };

/** The score the board's key had before the last mutation (null: it was new); undefined when not touched. */
export function scoreBefore(delta: Delta, key: ScoreKey): number | null | undefined {
  if (delta.before !== null) return delta.before.get(key.userId);
  return key === delta.only ? delta.onlyBefore : undefined;
}

/** How many of the ascending `sorted` values are strictly greater than `value`. */
export function countGreater(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) <= value) low = mid + 1;
    else high = mid;
  }
  return sorted.length - low;
}

/** A key with its 0-based position in leaderboard order (`updated`: named in the mutation). */
export interface Placed<K> {
  athlete: K;
  position: number;
  updated?: boolean;
}

/**
 * The athletes an athlete passed moving from score `from` to `to`, now at
 * `position`, in rank order, at most `limit` (the nearest): exactly the
 * ones whose rank it changed, and they sit right next to its new position
 * on one side. Moving up, they are the ones just below with a score >= from
 * (nobody below has `to`: the mover's tick is the newest); moving down, the
 * ones just above with a score < from. `first` is the position of the first.
 */
export function passedAthletes<K extends ScoreKey>(order: OrderedScores<K>, limit: number, position: number, from: number, to: number): { athletes: K[]; first: number } {
  if (limit === 0 || to === from) return { athletes: [], first: position };
  if (to > from) {
    const below = order.slice(position + 1, position + 1 + limit);
    let end = 0;
    while (end < below.length && (below[end] as K).score >= from) end += 1;
    below.length = end;
    return { athletes: below, first: position + 1 };
  }
  const start = Math.max(0, position - limit);
  const above = order.slice(start, position);
  let i = above.length;
  while (i > 0 && (above[i - 1] as K).score < from) i -= 1;
  return { athletes: i === 0 ? above : above.slice(i), first: start + i };
}

/** passedAthletes, each with its position. */
export function passedBy<K extends ScoreKey>(order: OrderedScores<K>, limit: number, position: number, from: number, to: number): Placed<K>[] {
  const { athletes, first } = passedAthletes(order, limit, position, from, to);
  return athletes.map((athlete, i) => ({ athlete, position: first + i }));
}

/**
 * Up to `limit` athletes not touched by the mutation `delta` whose rank
 * changed, scanning outward from each anchor position (distance 1 for
 * every anchor, then 2, ...), at most `limit` positions each way. An
 * untouched athlete's rank moved by (touched new scores above it) -
 * (touched old scores above it).
 */
export function displacedNear<K extends ScoreKey>(order: OrderedScores<K>, delta: Delta, limit: number, anchors: readonly number[]): Placed<K>[] {
  const found = new Map<string, Placed<K>>();
  if (limit === 0 || anchors.length === 0) return [];
  const { oldScores, newScores } = delta;
  // One athlete already on the board changed score: see passedBy.
  if (anchors.length === 1 && oldScores.length === 1 && newScores.length === 1) {
    return passedBy(order, limit, anchors[0] as number, oldScores[0] as number, newScores[0] as number);
  }
  const consider = (athlete: K | undefined, position: number) => {
    if (athlete === undefined || scoreBefore(delta, athlete) !== undefined || found.has(athlete.userId)) return;
    if (countGreater(newScores, athlete.score) === countGreater(oldScores, athlete.score)) return;
    found.set(athlete.userId, { athlete, position });
  };
  // below[i] starts at the anchor itself (a touched athlete, skipped, or the
  // one that took a removed athlete's place); above[i] ends just before it.
  const below = anchors.map((anchor) => order.slice(anchor, anchor + limit + 1));
  const above = anchors.map((anchor) => order.slice(Math.max(0, anchor - limit), anchor));
  for (let distance = 0; distance <= limit && found.size < limit; distance += 1) {
    for (let i = 0; i < anchors.length && found.size < limit; i += 1) {
      const anchor = anchors[i] as number;
      const upper = above[i] as K[];
      consider(below[i]?.[distance], anchor + distance);
      if (found.size < limit) consider(upper[upper.length - 1 - distance], anchor - 1 - distance);
    }
  }
  return [...found.values()];
}
