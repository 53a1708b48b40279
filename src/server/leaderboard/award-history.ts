import "server-only";

import { stringify } from "csv-stringify/sync";

import type { Award, AwardsPage, AwardsQuery, AwardSummary } from "@/lib/schemas";

import { ForbiddenError, HttpError } from "../errors";
import type { AdminCaller, UserCaller } from "../guards";
import { getSettings } from "../settings";
import type { AwardFilter } from "./awards";
import { leaderboardState } from "./leaderboard-service";
import { localDate } from "./periods";

/** Most rows one CSV download holds. */
export const MAX_CSV_ROWS = 10_000;

type Caller = UserCaller | AdminCaller;

const isCoach = (caller: Caller) => caller.kind === "admin" || caller.user.role === "coach";

/**
 * Whose history a caller may read: coaches and the admin token anyone's;
 * an athlete only their own (their own when no athlete is named).
 */
export function athleteFor(caller: Caller, athlete: string | undefined): string | undefined {
  if (caller.kind === "admin" || caller.user.role === "coach") return athlete;
  if (athlete !== undefined && athlete !== caller.user.id) throw new ForbiddenError("Athletes can see only their own awards.", "own_awards_only");
  return caller.user.id;
}

function filterOf(query: Omit<AwardsQuery, "format">, caller: Caller): AwardFilter {
  const from = query.from === undefined ? undefined : new Date(query.from);
  const to = query.to === undefined ? undefined : new Date(query.to);
  if (from && to && from > to) throw new HttpError(422, "validation_failed", "from must not be after to.", { issues: [{ path: "from", message: "from must not be after to." }] });
  const athlete = athleteFor(caller, query.athlete);
  return {
    limit: query.limit,
    ...(athlete !== undefined ? { athlete } : {}),
    ...(query.coach !== undefined ? { coach: query.coach } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(query.cursor !== undefined ? { cursor: Number(query.cursor) } : {}),
  };
}

/** One page of the award history, newest first, as the caller may see it. */
export async function listAwards(query: Omit<AwardsQuery, "format">, caller: Caller): Promise<AwardsPage> {
  const { awards, nextCursor } = await leaderboardState().store.awards(filterOf(query, caller));
  return { awards, nextCursor: nextCursor === null ? null : String(nextCursor) };
}

/** A cell a spreadsheet would run as a formula (= + - @, or a tab/return first) gets a leading apostrophe. */
export function csvCell(value: string | number | undefined): string {
  const text = value === undefined ? "" : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const CSV_COLUMNS = ["id", "at", "athleteId", "athleteName", "points", "reason", "classId", "coachId", "coachName", "undoOf", "undoneBy", "undoneAt"] as const;

/** The filtered history (up to MAX_CSV_ROWS, newest first) as CSV; coaches and the admin token only. */
export async function awardsCsv(query: Omit<AwardsQuery, "format" | "limit" | "cursor">, caller: Caller): Promise<string> {
  if (!isCoach(caller)) throw new ForbiddenError("Only coaches can download the award history.", "coach_only");
  const { store } = leaderboardState();
  const filter = filterOf({ ...query, limit: 200 }, caller);
  const rows: Award[] = [];
  let cursor: number | undefined;
  do {
    const page = await store.awards({ ...filter, limit: Math.min(200, MAX_CSV_ROWS - rows.length), ...(cursor !== undefined ? { cursor } : {}) });
    rows.push(...page.awards);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && rows.length < MAX_CSV_ROWS);
  return stringify(
    rows.map((award) => CSV_COLUMNS.map((column) => csvCell(award[column]))),
    { header: true, columns: [...CSV_COLUMNS] },
  );
}

/**
 * Net points per local day (team time zone) of one athlete's awards over
 * the last `days` days, oldest first, every day present: undone awards and
 * their compensations are left out, so the chart shows what stands.
 */
export async function awardSummary(athleteId: string, days: number, now = new Date()): Promise<AwardSummary> {
  const { store } = leaderboardState();
  const timeZone = getSettings().teamTimeZone;
  // Calendar days back from today's local date (not 24 h steps, which DST would skew).
  const [year, month, day] = localDate(now, timeZone).split("-").map(Number) as [number, number, number];
  const dates: string[] = [];
  for (let i = days - 1; i >= 0; i -= 1) dates.push(new Date(Date.UTC(year, month - 1, day - i)).toISOString().slice(0, 10));
  const totals = new Map(dates.map((date) => [date, { date, points: 0, awards: 0 }]));
  // Two days of slack: the oldest local day may start before `days` × 24 h ago (time zones).
  const from = new Date(now.getTime() - (days + 1) * 86_400_000);
  let cursor: number | undefined;
  let seen = 0;
  do {
    const page = await store.awards({ athlete: athleteId, from, limit: 200, ...(cursor !== undefined ? { cursor } : {}) });
    for (const award of page.awards) {
      if (award.undoOf || award.undoneBy) continue;
      const total = totals.get(localDate(new Date(award.at), timeZone));
      if (!total) continue;
      total.points += award.points;
      total.awards += 1;
    }
    seen += page.awards.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && seen < MAX_CSV_ROWS);
  const list = [...totals.values()];
  return { athleteId, days: list, total: list.reduce((sum, entry) => sum + entry.points, 0), timeZone };
}

/** A CSV download response. */
export function csvResponse(csv: string): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="awards.csv"',
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
