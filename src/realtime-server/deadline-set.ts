/**
 * Things with a deadline, checked by a periodic sweep instead of a timer
 * each: setting, clearing and expiring are map operations. Pure.
 */
export class DeadlineSet<T> {
  readonly #deadlines = new Map<T, number>();

  /** Sets (or moves) the deadline of `item`, in the caller's clock. */
  set(item: T, deadline: number): void {
    this.#deadlines.set(item, deadline);
  }

  /** Forgets `item`; true if it had a deadline. */
  delete(item: T): boolean {
    return this.#deadlines.delete(item);
  }

  get size(): number {
    return this.#deadlines.size;
  }

  /** Removes and returns every item whose deadline is at or before `now`. */
  takeExpired(now: number): T[] {
    const expired: T[] = [];
    for (const [item, deadline] of this.#deadlines) {
      if (now < deadline) continue;
      this.#deadlines.delete(item);
      expired.push(item);
    }
    return expired;
  }
}
