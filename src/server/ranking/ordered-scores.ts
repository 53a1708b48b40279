import "server-only";

import { compareScoreKeys, firstNotAbove, isAt, lowerBound, normaliseIndex, type ScoreKey } from "./score-keys";

// Keys and their order live in score-keys.ts; importers of this module keep finding them here.
export { compareScoreKeys, type ScoreKey } from "./score-keys";

/** Keys per block the set aims for: blocks hold `load / 2` to `2 * load` keys (one block may hold fewer). */
export const DEFAULT_BLOCK_LOAD = 64;

/**
 * An order-statistic set of score keys in leaderboard order
 * ({@link compareScoreKeys}): one sorted list cut into blocks of `load / 2`
 * to `2 * load` keys (a two-level B-tree, as Python's sortedcontainers),
 * with a Fenwick tree over the block lengths for positions.
 *
 * Each block keeps its keys' scores and ticks beside them in plain number
 * arrays, so searches read contiguous numbers and touch a key object only
 * when both tie
 * (at 100 000 athletes the cost is cache misses, not instructions). At
 * 100 000 keys that is a few hundred blocks: finding a key is two short
 * binary searches and a position one Fenwick walk, with no allocation (a
 * treap did ~25 dependent pointer hops per walk and allocated a node per
 * insert). insert, remove, positionOf, countAbove
 * and at are O(log n + load); slice is O(log n + k).
 *
 * Keys are stored by reference and must not change their score, tick or
 * userId while inside: remove, mutate, insert again.
 */
export class OrderedScores<K extends ScoreKey = ScoreKey> {
  private blocks: K[][] = [];
  /** scores[b][i] === blocks[b][i].score, ticks[b][i] === blocks[b][i].tick. */
  private scores: number[][] = [];
  private ticks: number[][] = [];
  /** Fenwick tree (1-based) over `blocks[i].length`. */
  private sums = new Int32Array(1);
  /** Each block's last (lowest) score and its tick, contiguous: the search for a block reads only these. */
  private lastScores = new Float64Array(0);
  private lastTicks = new Float64Array(0);
  /** Highest power of two ≤ blocks.length (the Fenwick descent's first step); 0 when empty. */
  private topStep = 0;
  /** Where the last blockAt found its index inside the block (set by blockAt, read right after it). */
  private offsetInBlock = 0;
  private count = 0;
  private readonly load: number;

  /** `load` (a whole number ≥ 1): see {@link DEFAULT_BLOCK_LOAD}. Tests use tiny loads to split and merge often. */
  constructor(load = DEFAULT_BLOCK_LOAD) {
    if (!Number.isSafeInteger(load) || load < 1) throw new RangeError(`OrderedScores load must be a whole number ≥ 1, not ${load}.`);
    this.load = load;
  }

  /** Number of keys held. */
  get size(): number {
    return this.count;
  }

  /** Adds `key`; false (and no change) when an equal key is already present. */
  insert(key: K): boolean {
    return this.add(key) !== -1;
  }

  /** Adds `key` and returns its 0-based position; -1 (and no change) when an equal key is present. */
  add(key: K): number {
    const blocks = this.blocks;
    if (blocks.length === 0) {
      blocks.push([key]);
      this.scores.push([key.score]);
      this.ticks.push([key.tick]);
      this.count = 1;
      this.reindex();
      return 0;
    }
    let b = this.blockFor(key);
    if (b === blocks.length) b -= 1;
    const block = blocks[b] as K[];
    const scores = this.scores[b] as number[];
    const ticks = this.ticks[b] as number[];
    const i = lowerBound(block, scores, ticks, key);
    if (isAt(block, scores, ticks, i, key)) return -1;
    const position = this.prefix(b) + i;
    block.splice(i, 0, key);
    scores.splice(i, 0, key.score);
    ticks.splice(i, 0, key.tick);
    this.count += 1;
    if (i === block.length - 1) {
      this.lastScores[b] = key.score;
      this.lastTicks[b] = key.tick;
    }
    if (block.length > 2 * this.load) {
      const half = block.length >>> 1;
      blocks.splice(b + 1, 0, block.splice(half));
      this.scores.splice(b + 1, 0, scores.splice(half));
      this.ticks.splice(b + 1, 0, ticks.splice(half));
      this.reindex();
    } else {
      this.grow(b, 1);
    }
    return position;
  }

  /** Removes the key equal to `key`; false when there is none. */
  remove(key: ScoreKey): boolean {
    return this.take(key, false) !== -1;
  }

  /**
   * Removes the key equal to `key` and returns the competition rank it had
   * ({@link rankOf} of its score, counted before removing it); -1 when there
   * is none. The rank comes from its position and the equal scores just
   * before it in its block: no search by score.
   */
  removeRanked(key: ScoreKey): number {
    return this.take(key, true, true);
  }

  /** The competition rank of the key at `position` (0 ≤ position < size): as rankOf, from the position and the equal scores before it. */
  rankAt(position: number): number {
    const b = this.blockAt(position);
    return this.rankIn(b, this.offsetInBlock, position);
  }

  /** The rank of the key at index `i` of block `b`, at `position`: position + 1 less the equal scores before it. */
  private rankIn(b: number, i: number, position: number): number {
    const scores = this.scores[b] as number[];
    const score = scores[i] as number;
    let first = i;
    while (first > 0 && scores[first - 1] === score) first -= 1;
    // A tie reaching into the block before: count instead.
    if (first === 0 && b > 0 && this.lastScores[b - 1] === score) return 1 + this.countAbove(score);
    return position - (i - first) + 1;
  }

  /** Removes the key equal to `key` and returns the 0-based position it had; -1 when there is none. */
  delete(key: ScoreKey): number {
    return this.take(key, true);
  }

  /** Removes the key equal to `key`: -1 when there is none, else its position (when `locate`; 0 otherwise). */
  private take(key: ScoreKey, locate: boolean, ranked = false): number {
    const blocks = this.blocks;
    const b = this.blockFor(key);
    if (b === blocks.length) return -1;
    const block = blocks[b] as K[];
    const scores = this.scores[b] as number[];
    const ticks = this.ticks[b] as number[];
    const i = lowerBound(block, scores, ticks, key);
    if (!isAt(block, scores, ticks, i, key)) return -1;
    const position = locate ? this.prefix(b) + i : 0;
    const answer = ranked ? this.rankIn(b, i, position) : position;
    block.splice(i, 1);
    scores.splice(i, 1);
    ticks.splice(i, 1);
    this.count -= 1;
    if (i === block.length && i > 0) {
      this.lastScores[b] = scores[i - 1] as number;
      this.lastTicks[b] = ticks[i - 1] as number;
    }
    if (block.length === 0) {
      blocks.splice(b, 1);
      this.scores.splice(b, 1);
      this.ticks.splice(b, 1);
      this.reindex();
    } else if (2 * block.length < this.load && blocks.length > 1) {
      this.mergeAt(b === 0 ? 0 : b - 1);
    } else {
      this.grow(b, -1);
    }
    return answer;
  }

  /** Whether a key equal to `key` (same score, tick and userId) is present. */
  has(key: ScoreKey): boolean {
    return this.positionOf(key) !== -1;
  }

  /** Removes every key. */
  clear(): void {
    this.blocks = [];
    this.scores = [];
    this.ticks = [];
    this.count = 0;
    this.reindex();
  }

  /** How many keys have a score strictly greater than `score`. */
  countAbove(score: number): number {
    const lasts = this.lastScores;
    // The first block whose last (lowest) score is not above `score`.
    let low = 0;
    let high = this.blocks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((lasts[mid] as number) > score) low = mid + 1;
      else high = mid;
    }
    if (low === this.blocks.length) return this.count;
    return this.prefix(low) + firstNotAbove(this.scores[low] as number[], score);
  }

  /**
   * Standard competition rank of a score: 1 + the number of keys with a
   * strictly higher score, so equal scores share a rank (1, 2, 2, 4). The key
   * need not be present: this is the rank it would have.
   */
  rankOf(key: Pick<ScoreKey, "score">): number {
    return 1 + this.countAbove(key.score);
  }

  /** 0-based index of the key equal to `key` in leaderboard order; -1 when absent. */
  positionOf(key: ScoreKey): number {
    const b = this.blockFor(key);
    if (b === this.blocks.length) return -1;
    const block = this.blocks[b] as K[];
    const scores = this.scores[b] as number[];
    const ticks = this.ticks[b] as number[];
    const i = lowerBound(block, scores, ticks, key);
    return isAt(block, scores, ticks, i, key) ? this.prefix(b) + i : -1;
  }

  /** The key at 0-based `index` (negative counts from the end); undefined when out of range. */
  at(index: number): K | undefined {
    let i = Math.trunc(index);
    if (i < 0) i += this.count;
    if (!(i >= 0 && i < this.count)) return undefined;
    const b = this.blockAt(i);
    return (this.blocks[b] as K[])[this.offsetInBlock];
  }

  /** Keys from `start` (inclusive) to `end` (exclusive), with Array.prototype.slice index rules. */
  slice(start = 0, end = this.count): K[] {
    const from = normaliseIndex(start, this.count);
    const to = normaliseIndex(end, this.count);
    const out: K[] = [];
    if (from >= to) return out;
    let b = this.blockAt(from);
    let i = this.offsetInBlock;
    let left = to - from;
    while (left > 0) {
      const block = this.blocks[b] as K[];
      const take = Math.min(block.length - i, left);
      for (let j = 0; j < take; j += 1) out.push(block[i + j] as K);
      left -= take;
      b += 1;
      i = 0;
    }
    return out;
  }

  /** The blocks' lengths in order (for tests: every block holds load / 2 to 2 * load keys unless it is the only one). */
  blockSizes(): number[] {
    return this.blocks.map((block) => block.length);
  }

  /** Every key, in order. O(n). */
  toArray(): K[] {
    return this.slice(0, this.count);
  }

  /** The first block whose last key is not before `key` (blocks.length when every key is before it). */
  private blockFor(key: ScoreKey): number {
    const blocks = this.blocks;
    const lastScores = this.lastScores;
    const lastTicks = this.lastTicks;
    let low = 0;
    let high = blocks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const score = lastScores[mid] as number;
      const tick = lastTicks[mid] as number;
      let lastBefore: boolean;
      if (score !== key.score) lastBefore = score > key.score;
      else if (tick !== key.tick) lastBefore = tick < key.tick;
      else {
        const block = blocks[mid] as K[];
        lastBefore = compareScoreKeys(block[block.length - 1] as K, key) < 0;
      }
      if (lastBefore) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Keys in the blocks before block `b`. */
  private prefix(b: number): number {
    const sums = this.sums;
    let total = 0;
    for (let i = b; i > 0; i -= i & -i) total += sums[i] as number;
    return total;
  }

  /**
   * The block holding position `index` (0 ≤ index < size): the last block
   * whose prefix is ≤ index, found by one descent of the Fenwick index, which
   * also leaves the index's place inside that block in `offsetInBlock`.
   */
  private blockAt(index: number): number {
    const sums = this.sums;
    const n = this.blocks.length;
    let b = 0;
    let rest = index;
    for (let step = this.topStep; step > 0; step >>>= 1) {
      const next = b + step;
      if (next <= n && (sums[next] as number) <= rest) {
        b = next;
        rest -= sums[next] as number;
      }
    }
    this.offsetInBlock = rest;
    return b;
  }

  /** Block `b` gained (or lost) `delta` keys. */
  private grow(b: number, delta: number): void {
    const sums = this.sums;
    const n = this.blocks.length;
    for (let i = b + 1; i <= n; i += i & -i) sums[i] = (sums[i] as number) + delta;
  }

  /** Joins blocks `b` and `b + 1` (a block got too small), splitting the result again when too big. */
  private mergeAt(b: number): void {
    for (const lists of [this.blocks, this.scores, this.ticks] as unknown[][][]) {
      const joined = (lists[b] as unknown[]).concat(lists[b + 1] as unknown[]);
      if (joined.length > 2 * this.load) lists.splice(b, 2, joined.slice(0, joined.length >>> 1), joined.slice(joined.length >>> 1));
      else lists.splice(b, 2, joined);
    }
    this.reindex();
  }

  /** Rebuilds the Fenwick tree after blocks were added, removed or split: O(blocks). */
  private reindex(): void {
    const blocks = this.blocks;
    const n = blocks.length;
    const sums = new Int32Array(n + 1);
    this.lastScores = new Float64Array(n);
    this.lastTicks = new Float64Array(n);
    for (let i = 0; i < n; i += 1) {
      const scores = this.scores[i] as number[];
      this.lastScores[i] = scores[scores.length - 1] as number;
      this.lastTicks[i] = (this.ticks[i] as number[])[scores.length - 1] as number;
    }
    for (let i = 1; i <= n; i += 1) {
      sums[i] = (sums[i] as number) + (blocks[i - 1] as K[]).length;
      const parent = i + (i & -i);
      if (parent <= n) sums[parent] = (sums[parent] as number) + (sums[i] as number);
    }
    this.sums = sums;
    let step = 1;
    while (step * 2 <= n) step *= 2;
    this.topStep = n === 0 ? 0 : step;
  }
}
