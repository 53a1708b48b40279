/**
 * A token bucket for every frame one connection sends: `ratePerSecond`
 * tokens a second, at most `burst` saved up. One budget (the policy) serves
 * every connection; each connection keeps only one number, the bucket's
 * state as a time (the generic cell rate algorithm's "theoretical arrival
 * time": the bucket is full again at that time plus the burst's worth of
 * refill), so 10,000 idle connections hold 10,000 numbers, not 10,000
 * bucket objects. Pure: the caller passes its clock reading, which must be
 * monotonic (`performance.now()`): read as a time, a clock set back by more
 * than the burst's refill time would look like a burst already spent.
 */
export interface InboundBudgetOptions {
  ratePerSecond: number;
  burst: number;
}

/** The state of a connection that has sent nothing yet: a full bucket (for any clock reading ≥ 0). */
export const FULL_BUDGET = 0;

export class InboundBudget {
  /** Milliseconds one token takes to refill. */
  readonly #intervalMs: number;
  /** How far ahead of `now` the state may run: the burst minus the frame being taken. */
  readonly #toleranceMs: number;

  constructor(options: InboundBudgetOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError("ratePerSecond must be positive");
    if (!(options.burst >= 1)) throw new RangeError("burst must be at least 1");
    this.#intervalMs = 1000 / options.ratePerSecond;
    this.#toleranceMs = (Math.floor(options.burst) - 1) * this.#intervalMs;
  }

  /**
   * Spends one token of a connection whose state is `state` at time `now`
   * (ms): returns the new state, or undefined when the budget is spent
   * (the state is then unchanged: a refused frame costs nothing).
   */
  take(state: number, now: number): number | undefined {
    if (state - now > this.#toleranceMs) return undefined;
    return Math.max(state, now) + this.#intervalMs;
  }
}
