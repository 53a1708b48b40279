/**
 * Counts broadcast deliveries on the client side and records each one's
 * latency, read from the send time the payload carries (`performance.now()`
 * of this process, so sender and receivers share one clock).
 */
import { microsSince, newHistogram, type Histogram } from "./histogram";

/** What every fan-out broadcast carries: send time (ms), sequence number, padding. */
export interface BroadcastPayload {
  t: number;
  s: number;
  p: string;
}

/** A broadcast's data string of about `bytes` bytes, stamped now. */
export function stampPayload(seq: number, bytes: number): string {
  const base = JSON.stringify({ t: performance.now(), s: seq, p: "" } satisfies BroadcastPayload);
  return base.replace('"p":""', `"p":"${"x".repeat(Math.max(0, bytes - base.length))}"`);
}

export class DeliveryTracker {
  readonly histogram: Histogram = newHistogram();
  delivered = 0;
  /** performance.now() of the latest delivery. */
  lastDeliveryAt = 0;
  #counts: Uint32Array;
  #recordFrom = Infinity;
  #recordUntil = Infinity;
  #onComplete: (() => void) | undefined;

  constructor(
    readonly subscribers: number,
    maxBroadcasts: number,
  ) {
    this.#counts = new Uint32Array(maxBroadcasts);
  }

  /** Latencies of broadcasts `from` ≤ seq < `until` go into the histogram. */
  recordRange(from: number, until: number): void {
    this.#recordFrom = from;
    this.#recordUntil = until;
  }

  /** Called each time one broadcast has reached every subscriber. */
  onComplete(callback: (() => void) | undefined): void {
    this.#onComplete = callback;
  }

  /** Deliveries counted for broadcasts in [from, until). */
  deliveredBetween(from: number, until: number): number {
    let sum = 0;
    for (let seq = from; seq < until; seq += 1) sum += this.#counts[seq] ?? 0;
    return sum;
  }

  readonly receive = (data: string): void => {
    const now = performance.now();
    const { t, s } = JSON.parse(data) as BroadcastPayload;
    this.delivered += 1;
    this.lastDeliveryAt = now;
    if (s >= this.#recordFrom && s < this.#recordUntil) this.histogram.recordValue(microsSince(t, now));
    const count = (this.#counts[s] ?? 0) + 1;
    this.#counts[s] = count;
    if (count === this.subscribers) this.#onComplete?.();
  };
}
