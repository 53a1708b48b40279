/**
 * A token bucket for every frame one connection sends: `ratePerSecond`
 * tokens a second, at most `burst` saved up. Pure, with an injectable clock;
 * refilled lazily on each take, so an idle connection costs nothing.
 */
export interface InboundBudgetOptions {
  ratePerSecond: number;
  burst: number;
  now?: () => number;
}

export class InboundBudget {
  readonly #ratePerMs: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;

  constructor(options: InboundBudgetOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError("ratePerSecond must be positive");
    if (!(options.burst >= 1)) throw new RangeError("burst must be at least 1");
    this.#ratePerMs = options.ratePerSecond / 1000;
    this.#burst = options.burst;
    this.#now = options.now ?? Date.now;
    this.#tokens = options.burst;
    this.#updatedAt = this.#now();
  }

  /** Spends one token and returns true, or returns false when the budget is spent. */
  tryTake(): boolean {
    const now = this.#now();
    if (now > this.#updatedAt) {
      this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#updatedAt) * this.#ratePerMs);
      this.#updatedAt = now;
    }
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
