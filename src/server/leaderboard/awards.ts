import "server-only";

import { randomBytes } from "node:crypto";

import { LEADERBOARD_WINDOWS, type Award, type BoardRef, type LeaderboardWindow } from "@/lib/schemas";

import type { ScoreUpdate } from "../ranking/leaderboard";
import { periodOf, type PeriodSpan } from "./periods";

/** One award as a store takes it: points for an athlete, with an optional reason and class. */
export interface AwardUpdate extends ScoreUpdate {
  reason?: string;
  classId?: string;
}

/** Who gives an award: a coach (their session's id and name) or the admin token. */
export interface Giver {
  coachId: string;
  coachName: string;
}

export const ADMIN_GIVER: Giver = { coachId: "admin", coachName: "Admin" };

/** No award with that id in the history. */
export class AwardNotFoundError extends Error {
  override name = "AwardNotFoundError";
  constructor(readonly awardId: string) {
    super(`No award "${awardId}".`);
  }
}

/** A compensating award cannot itself be undone. */
export class UndoOfUndoError extends Error {
  override name = "UndoOfUndoError";
  constructor(readonly awardId: string) {
    super(`Award "${awardId}" is an undo; it cannot be undone.`);
  }
}

/** A fresh award id: 12 url-safe random characters. */
export function newAwardId(): string {
  return randomBytes(9).toString("base64url");
}

/** The history record of each update (without `seq`, which the store assigns), in input order. */
export function awardRecords(updates: readonly AwardUpdate[], by: Giver, now: Date, names: (userId: string) => string, undoOf?: string): Omit<Award, "seq">[] {
  // One draw of randomness for the whole batch: 9 bytes (12 characters) per id.
  const random = randomBytes(9 * updates.length);
  return updates.map((update, i) => ({
    id: random.subarray(i * 9, i * 9 + 9).toString("base64url"),
    athleteId: update.userId,
    athleteName: update.name ?? names(update.userId),
    points: update.points,
    ...(update.reason ? { reason: update.reason } : {}),
    ...(update.classId ? { classId: update.classId } : {}),
    coachId: by.coachId,
    coachName: by.coachName,
    at: now.toISOString(),
    ...(undoOf ? { undoOf } : {}),
  }));
}

/** One board an award batch changes: which, its current period, and the updates it gets. */
export interface BoardWrite {
  ref: BoardRef;
  span: PeriodSpan;
  updates: ScoreUpdate[];
}

/** A stable text key for a board's version stream: "team/all", "u12/week". */
export function streamKey(ref: BoardRef): string {
  return `${ref.classId ?? "team"}/${ref.window}`;
}

/**
 * The boards a batch changes, team first (all, day, week, month), then each
 * class named in it (in order of first mention), each with the updates that
 * count on it. `windows` limits the windows other than "all" (an undo
 * changes only those whose period is still the original award's).
 */
export function boardWrites(updates: readonly AwardUpdate[], now: Date, timeZone: string, windows: readonly LeaderboardWindow[] = LEADERBOARD_WINDOWS): BoardWrite[] {
  const plain = (update: AwardUpdate): ScoreUpdate => ({ userId: update.userId, points: update.points, ...(update.name ? { name: update.name } : {}) });
  const chosen = (["all", "day", "week", "month"] as const).filter((window) => window === "all" || windows.includes(window));
  const groups: { classId?: string; updates: ScoreUpdate[] }[] = [{ updates: updates.map(plain) }];
  const byClass = new Map<string, ScoreUpdate[]>();
  for (const update of updates) {
    if (!update.classId) continue;
    let list = byClass.get(update.classId);
    if (!list) {
      list = [];
      byClass.set(update.classId, list);
      groups.push({ classId: update.classId, updates: list });
    }
    list.push(plain(update));
  }
  return groups.flatMap(({ classId, updates: list }) =>
    chosen.map((window) => ({ ref: classId ? { window, classId } : { window }, span: periodOf(window, now, timeZone), updates: list })),
  );
}

/** The windows (besides "all") whose current period still holds `at`: where an undo of an award given at `at` applies. */
export function windowsStillHolding(at: Date, now: Date, timeZone: string): LeaderboardWindow[] {
  return LEADERBOARD_WINDOWS.filter((window) => window === "all" || periodOf(window, at, timeZone).key === periodOf(window, now, timeZone).key);
}

/** What the history can be filtered by. `cursor`: only awards with a lower seq. */
export interface AwardFilter {
  athlete?: string;
  coach?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: number;
}

/** Whether an award passes the filter's athlete, coach and time bounds. */
export function matchesFilter(award: Award, filter: AwardFilter): boolean {
  if (filter.athlete !== undefined && award.athleteId !== filter.athlete) return false;
  if (filter.coach !== undefined && award.coachId !== filter.coach) return false;
  const at = Date.parse(award.at);
  if (filter.from && at < filter.from.getTime()) return false;
  if (filter.to && at > filter.to.getTime()) return false;
  return true;
}
