/**
 * Which chat seqs a page holds: every one up to `contiguous`, plus any that
 * arrived beyond a gap (lost in transit or out of order). Only a fetch moves
 * `contiguous` past a gap; a message arriving in order moves it by one and
 * absorbs the ones already held beyond it.
 */
export class SeqTracker {
  /** Every message up to this seq is held (or was deliberately skipped as old history). */
  contiguous = 0;
  private readonly ahead = new Set<number>();

  /** Records a message that arrived (live or fetched); true when it was not held before. */
  see(seq: number): boolean {
    if (seq <= this.contiguous || this.ahead.has(seq)) return false;
    if (seq === this.contiguous + 1) {
      this.contiguous = seq;
      this.absorb();
    } else {
      this.ahead.add(seq);
    }
    return true;
  }

  /** A fetch of everything after `contiguous` returned up to `last`: no gap remains below it. */
  fetched(last: number): void {
    if (last <= this.contiguous) return;
    this.contiguous = last;
    for (const seq of this.ahead) if (seq <= last) this.ahead.delete(seq);
    this.absorb();
  }

  /** A message beyond a missing one is held: the range after `contiguous` should be fetched. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }

  private absorb(): void {
    while (this.ahead.delete(this.contiguous + 1)) this.contiguous += 1;
  }
}
