/**
 * Last event of each cache channel (`cache-`, `private-cache-`,
 * `presence-cache-`), replayed to new subscribers. Bounded in count and age
 * (hosted Pusher keeps an entry 30 minutes); pure, with an injectable clock.
 */

export interface CachedEvent {
  event: string;
  /** Already JSON-encoded, as sent. */
  data: string;
}

interface Entry extends CachedEvent {
  storedAt: number;
}

export class EventCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {}) {
    this.#maxEntries = options.maxEntries ?? 1_000;
    this.#ttlMs = options.ttlMs ?? 30 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Remembers the channel's latest event, evicting the oldest entry when full. */
  set(channel: string, event: CachedEvent): void {
    this.#entries.delete(channel);
    this.#entries.set(channel, { ...event, storedAt: this.#now() });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** The latest event if it is younger than the time-to-live. */
  get(channel: string): CachedEvent | undefined {
    const entry = this.#entries.get(channel);
    if (!entry) return undefined;
    if (this.#now() - entry.storedAt >= this.#ttlMs) {
      this.#entries.delete(channel);
      return undefined;
    }
    return { event: entry.event, data: entry.data };
  }

  get size(): number {
    return this.#entries.size;
  }
}
