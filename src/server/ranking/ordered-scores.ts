import "server-only";

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

interface TreeNode<K> {
  key: K;
  priority: number;
  size: number;
  left: TreeNode<K> | null;
  right: TreeNode<K> | null;
}

const sizeOf = <K>(node: TreeNode<K> | null): number => (node === null ? 0 : node.size);

function rotateRight<K>(node: TreeNode<K>): TreeNode<K> {
  const left = node.left as TreeNode<K>;
  node.left = left.right;
  left.right = node;
  left.size = node.size;
  node.size = sizeOf(node.left) + sizeOf(node.right) + 1;
  return left;
}

function rotateLeft<K>(node: TreeNode<K>): TreeNode<K> {
  const right = node.right as TreeNode<K>;
  node.right = right.left;
  right.left = node;
  right.size = node.size;
  node.size = sizeOf(node.left) + sizeOf(node.right) + 1;
  return right;
}

/** Joins two treaps where every key of `a` precedes every key of `b`. */
function merge<K>(a: TreeNode<K> | null, b: TreeNode<K> | null): TreeNode<K> | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.priority > b.priority) {
    a.size += b.size;
    a.right = merge(a.right, b);
    return a;
  }
  b.size += a.size;
  b.left = merge(a, b.left);
  return b;
}

/** Array.prototype.slice index normalisation: negatives count from the end, then clamp. */
function normaliseIndex(index: number, size: number): number {
  if (Number.isNaN(index)) return 0;
  const whole = Math.trunc(index);
  return whole < 0 ? Math.max(size + whole, 0) : Math.min(whole, size);
}

/**
 * An order-statistic set of score keys in leaderboard order
 * ({@link compareScoreKeys}): a treap whose nodes carry subtree sizes.
 * insert, remove, has, rankOf, positionOf and at are O(log n) expected;
 * slice is O(log n + k). Priorities come from a seeded xorshift generator, so
 * the shape (and so the cost) is reproducible run to run.
 *
 * Keys are stored by reference and must not change their score, tick or
 * userId while inside: remove, mutate, insert again.
 */
export class OrderedScores<K extends ScoreKey = ScoreKey> {
  private root: TreeNode<K> | null = null;
  private seed: number;

  constructor(seed = 0x9e3779b9) {
    this.seed = seed >>> 0 || 1;
  }

  /** Number of keys held. */
  get size(): number {
    return sizeOf(this.root);
  }

  /** Adds `key`; false (and no change) when an equal key is already present. */
  insert(key: K): boolean {
    const fresh: TreeNode<K> = { key, priority: this.nextPriority(), size: 1, left: null, right: null };
    const root = this.insertAt(this.root, fresh);
    if (root === null) return false;
    this.root = root;
    return true;
  }

  /** Removes the key equal to `key`; false when there is none. */
  remove(key: ScoreKey): boolean {
    const before = this.size;
    this.root = this.removeAt(this.root, key);
    return this.size !== before;
  }

  /** Whether a key equal to `key` (same score, tick and userId) is present. */
  has(key: ScoreKey): boolean {
    return this.positionOf(key) !== -1;
  }

  /** Removes every key. */
  clear(): void {
    this.root = null;
  }

  /** How many keys have a score strictly greater than `score`. */
  countAbove(score: number): number {
    let count = 0;
    let node = this.root;
    while (node !== null) {
      if (node.key.score > score) {
        count += sizeOf(node.left) + 1;
        node = node.right;
      } else {
        node = node.left;
      }
    }
    return count;
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
    let index = 0;
    let node = this.root;
    while (node !== null) {
      const order = compareScoreKeys(key, node.key);
      if (order === 0) return index + sizeOf(node.left);
      if (order < 0) {
        node = node.left;
      } else {
        index += sizeOf(node.left) + 1;
        node = node.right;
      }
    }
    return -1;
  }

  /** The key at 0-based `index` (negative counts from the end); undefined when out of range. */
  at(index: number): K | undefined {
    let i = Math.trunc(index);
    if (i < 0) i += this.size;
    if (!(i >= 0 && i < this.size)) return undefined;
    let node = this.root;
    while (node !== null) {
      const leftSize = sizeOf(node.left);
      if (i < leftSize) {
        node = node.left;
      } else if (i === leftSize) {
        return node.key;
      } else {
        i -= leftSize + 1;
        node = node.right;
      }
    }
    return undefined;
  }

  /** Keys from `start` (inclusive) to `end` (exclusive), with Array.prototype.slice index rules. */
  slice(start = 0, end = this.size): K[] {
    const from = normaliseIndex(start, this.size);
    const to = normaliseIndex(end, this.size);
    const out: K[] = [];
    if (from >= to) return out;

    // Descend to `from`, stacking the ancestors that come after it in order.
    const stack: TreeNode<K>[] = [];
    let node = this.root;
    let i = from;
    while (node !== null) {
      const leftSize = sizeOf(node.left);
      if (i <= leftSize) {
        stack.push(node);
        if (i === leftSize) break;
        node = node.left;
      } else {
        i -= leftSize + 1;
        node = node.right;
      }
    }
    // In-order walk from there.
    const count = to - from;
    while (out.length < count) {
      const next = stack.pop() as TreeNode<K>;
      out.push(next.key);
      for (let child = next.right; child !== null; child = child.left) stack.push(child);
    }
    return out;
  }

  /** Every key, in order. O(n). */
  toArray(): K[] {
    return this.slice(0, this.size);
  }

  /**
   * The subtree with `fresh` added, or null (nothing changed) when an equal
   * key is present. Sizes grow on the way back up, once success is known.
   */
  private insertAt(node: TreeNode<K> | null, fresh: TreeNode<K>): TreeNode<K> | null {
    if (node === null) return fresh;
    const order = compareScoreKeys(fresh.key, node.key);
    if (order === 0) return null;
    const child = this.insertAt(order < 0 ? node.left : node.right, fresh);
    if (child === null) return null;
    node.size += 1;
    if (order < 0) {
      node.left = child;
      return child.priority > node.priority ? rotateRight(node) : node;
    }
    node.right = child;
    return child.priority > node.priority ? rotateLeft(node) : node;
  }

  /** The subtree without `key` (unchanged when absent); sizes shrink on the way back up. */
  private removeAt(node: TreeNode<K> | null, key: ScoreKey): TreeNode<K> | null {
    if (node === null) return null;
    const order = compareScoreKeys(key, node.key);
    if (order === 0) return merge(node.left, node.right);
    if (order < 0) node.left = this.removeAt(node.left, key);
    else node.right = this.removeAt(node.right, key);
    node.size = sizeOf(node.left) + sizeOf(node.right) + 1;
    return node;
  }

  /** xorshift32: cheap, seeded, good enough for treap balance. */
  private nextPriority(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed;
  }
}
