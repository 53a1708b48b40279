/**
 * A sliding-window counter for one connection: at most `limit` events in any
 * `windowMs`. Refused attempts are not counted. Pure, with an injectable clock.
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  /** Times of the last `limit` accepted events, a ring buffer. */
  readonly #times: number[] = [];
  #next = 0;

  constructor(options: { limit: number; windowMs: number; now?: () => number }) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new RangeError("limit must be a positive integer");
    if (!(options.windowMs > 0)) throw new RangeError("windowMs must be positive");
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
    this.#now = options.now ?? Date.now;
  }

  /** Records an event and returns true, or returns false when over the limit. */
  tryTake(): boolean {
    const now = this.#now();
    if (this.#times.length < this.#limit) {
      this.#times.push(now);
      return true;
    }
    const oldest = this.#times[this.#next]!;
    if (now - oldest < this.#windowMs) return false;
    this.#times[this.#next] = now;
    this.#next = (this.#next + 1) % this.#limit;
    return true;
  }
}
