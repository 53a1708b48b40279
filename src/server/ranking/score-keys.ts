import "server-only";

// The ordered structure's keys, their order, and the searches inside one
// block of OrderedScores (its keys with their scores and ticks beside them).

/**
 * What the ordered structure sorts. `tick` is when the athlete reached its
 * current score (the leaderboard uses the batch `version`), so that among equal
 * scores whoever got there first is listed first.
 */
export interface ScoreKey {
  readonly userId: string;
  readonly score: number;
  readonly tick: number;
}

/**
 * The one leaderboard order: score descending, then `tick` ascending (reached
 * that score earlier first), then `userId` ascending by UTF-16 code units
 * (locale-independent). Total for distinct user ids; returns < 0 when `a`
 * comes first.
 */
export function compareScoreKeys(a: ScoreKey, b: ScoreKey): number {
  if (a.score !== b.score) return a.score > b.score ? -1 : 1;
  if (a.tick !== b.tick) return a.tick < b.tick ? -1 : 1;
  if (a.userId === b.userId) return 0;
  return a.userId < b.userId ? -1 : 1;
}

/** Array.prototype.slice index normalisation: negatives count from the end, then clamp. */
export function normaliseIndex(index: number, size: number): number {
  if (Number.isNaN(index)) return 0;
  const whole = Math.trunc(index);
  return whole < 0 ? Math.max(size + whole, 0) : Math.min(whole, size);
}

/**
 * Whether the key at `i` of block `b` comes before `key`: by the block's
 * score and tick arrays, the key object (its userId) only when both tie.
 */
function before<K extends ScoreKey>(keys: readonly K[], scores: readonly number[], ticks: readonly number[], i: number, key: ScoreKey): boolean {
  const score = scores[i] as number;
  if (score !== key.score) return score > key.score;
  const tick = ticks[i] as number;
  if (tick !== key.tick) return tick < key.tick;
  return compareScoreKeys(keys[i] as K, key) < 0;
}

/** Index of the first key of a sorted block not before `key` (its length when all are). */
export function lowerBound<K extends ScoreKey>(keys: readonly K[], scores: readonly number[], ticks: readonly number[], key: ScoreKey): number {
  let low = 0;
  let high = scores.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(keys, scores, ticks, mid, key)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Whether the key at `i` of a block is `key` or equal to it. */
export function isAt<K extends ScoreKey>(keys: readonly K[], scores: readonly number[], ticks: readonly number[], i: number, key: ScoreKey): boolean {
  if (i >= keys.length) return false;
  const held = keys[i] as K;
  return held === key || (scores[i] === key.score && ticks[i] === key.tick && held.userId === key.userId);
}

/** Index of the first of the descending `scores` not above `score`. */
export function firstNotAbove(scores: readonly number[], score: number): number {
  let low = 0;
  let high = scores.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((scores[mid] as number) > score) low = mid + 1;
    else high = mid;
  }
  return low;
}
