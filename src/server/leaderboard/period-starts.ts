import "server-only";

import { OrderedScores, type ScoreKey } from "../ranking/ordered-scores";

/**
 * Ranks on the all-time board as they were at the start of one period (a
 * day, a week, a month), kept without a snapshot of the whole board.
 *
 * Only athletes awarded during the period ("participants") changed score
 * since it began, and each one's score at the start is the all-time score
 * just before their first award in it (none: they were not on the board).
 * So the number of athletes whose score at the start was above s is
 *   countAbove_board(s) − countAbove_participantsNow(s) + countAbove_participantsAtStart(s)
 * and the rank at the start is 1 + that (competition ranks, ties shared).
 * Two order-statistic sets over the participants give it in O(log n); an
 * award costs two inserts. The rank at the start of an athlete is constant
 * through the period (until an athlete is removed), which lets a client keep
 * it and derive movement from live ranks.
 */
export class PeriodStarts {
  private period = "";
  private readonly atStart = new OrderedScores();
  private readonly now = new OrderedScores();
  /** Participants: their key at the start (null: not on the board then) and now. */
  private readonly keys = new Map<string, { start: ScoreKey | null; now: ScoreKey | null }>();

  /** Starts a new period (forgetting the last) when `periodKey` is not the one held. */
  roll(periodKey: string): void {
    if (periodKey === this.period) return;
    this.clear();
    this.period = periodKey;
  }

  /** Records an athlete's all-time score just before an award (undefined: not on the board). */
  before(userId: string, score: number | undefined): void {
    if (this.keys.has(userId)) return;
    const start = score === undefined ? null : { userId, score, tick: 0 };
    if (start) this.atStart.insert(start);
    this.keys.set(userId, { start, now: null });
  }

  /** Records an athlete's all-time score right after the award. */
  after(userId: string, score: number): void {
    const held = this.keys.get(userId);
    if (!held) return;
    if (held.now) this.now.remove(held.now);
    held.now = { userId, score, tick: 0 };
    this.now.insert(held.now);
  }

  /** Forgets an athlete removed from the board. */
  forget(userId: string): void {
    const held = this.keys.get(userId);
    if (!held) return;
    if (held.start) this.atStart.remove(held.start);
    if (held.now) this.now.remove(held.now);
    this.keys.delete(userId);
  }

  clear(): void {
    this.atStart.clear();
    this.now.clear();
    this.keys.clear();
  }

  /**
   * The athlete's rank at the start of period `periodKey` given its all-time
   * score now; null when it was not on the board then. A period not held
   * (nobody awarded in it yet) had the board as it is now.
   */
  rankAtStart(userId: string, score: number, board: { countAbove(score: number): number }, periodKey: string): number | null {
    if (periodKey !== this.period) return 1 + board.countAbove(score);
    const held = this.keys.get(userId);
    const start = held ? held.start?.score : score;
    if (start === undefined) return null;
    return 1 + board.countAbove(start) - this.now.countAbove(start) + this.atStart.countAbove(start);
  }
}
