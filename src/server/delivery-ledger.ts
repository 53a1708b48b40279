import "server-only";

import { triggerBatch, type OutgoingEvent } from "./realtime-gateway";

interface Entry {
  /** Events not yet accepted by the realtime service, in the order they are sent. */
  owed: OutgoingEvent[];
  /** The attempt in flight, shared by every caller that arrives meanwhile. */
  attempt?: Promise<OutgoingEvent[]>;
}

/**
 * The events each idempotent operation (a chat post, a keyed award) owes
 * the realtime service, sent once whatever the interleaving of retries:
 *  - single flight per key: callers arriving while an attempt is in flight
 *    await that attempt instead of sending again;
 *  - what went out is struck off, so a retry after a failure sends only the
 *    rest;
 *  - a key whose events all went out is forgotten; one that still owes some
 *    is kept (bounded, oldest dropped first) with no attempt hanging, since
 *    every attempt ends within the gateway's deadline.
 */
export class DeliveryLedger<K> {
  private readonly entries = new Map<K, Entry>();

  constructor(
    private readonly what: string,
    private readonly capacity = 1000,
  ) {}

  /** Records what a new operation owes; call it in the same tick as the operation, before any await. */
  owe(key: K, events: OutgoingEvent[]): void {
    if (events.length === 0) return;
    this.entries.set(key, { owed: [...events] });
    if (this.entries.size > this.capacity) this.evictOne();
  }

  /**
   * Stops owing anything for `key` (an operation no retry can name again);
   * an attempt in flight still finishes for those awaiting it.
   */
  forget(key: K): void {
    this.entries.delete(key);
  }

  /** Whether an attempt for `key` is in flight (a caller now would join it). */
  inFlight(key: K): boolean {
    return this.entries.get(key)?.attempt !== undefined;
  }

  /** The events `key` still owes (empty when all went out or the key is unknown). */
  owed(key: K): readonly OutgoingEvent[] {
    return this.entries.get(key)?.owed ?? [];
  }

  /**
   * Sends what `key` still owes, joining the attempt in flight if there is
   * one. Resolves to the events still owed afterwards: empty when everything
   * went out (or nothing was owed).
   */
  settle(key: K): Promise<OutgoingEvent[]> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve([]);
    entry.attempt ??= this.send(key, entry).finally(() => {
      entry.attempt = undefined;
    });
    return entry.attempt;
  }

  private async send(key: K, entry: Entry): Promise<OutgoingEvent[]> {
    const { failed } = await triggerBatch(entry.owed, this.what);
    entry.owed = failed;
    if (failed.length === 0 && this.entries.get(key) === entry) this.entries.delete(key);
    return failed;
  }

  /** Drops the oldest entry with no attempt in flight (an in-flight one is about to settle anyway). */
  private evictOne(): void {
    for (const [key, entry] of this.entries) {
      if (!entry.attempt) {
        this.entries.delete(key);
        return;
      }
    }
  }
}
