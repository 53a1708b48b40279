import "server-only";

import type { LeaderboardWindow, Period } from "@/lib/schemas";

/** A window's period around an instant: its key (stable, sortable text) and [start, end). */
export interface PeriodSpan {
  /** "all", or e.g. "d2026-12-03", "w2026-11-30" (the Monday), "m2026-12". */
  key: string;
  start: Date;
  end: Date;
}

const ALL: PeriodSpan = { key: "all", start: new Date(0), end: new Date(8.64e15) };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of `instant` in `timeZone`. */
function wallClock(instant: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) if (part.type !== "literal") parts[part.type] = Number(part.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, ms. */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant local midnight starts the calendar day (year, month 1-12, day) in `timeZone` (Date.UTC rolls over out-of-range days). */
function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day);
  let instant = guess - offsetAt(guess, timeZone);
  // Across a DST change the offset at the result can differ from the guess's.
  const corrected = guess - offsetAt(instant, timeZone);
  if (corrected !== instant) instant = corrected;
  return instant;
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** The local calendar date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const { year, month, day } = wallClock(instant.getTime(), timeZone);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * The period of `window` that holds `now` in `timeZone`: days from local
 * midnight, weeks from Monday, months from the 1st. "all" is one endless period.
 */
export function periodOf(window: LeaderboardWindow, now: Date, timeZone: string): PeriodSpan {
  if (window === "all") return ALL;
  // Time zone arithmetic (Intl) costs tens of µs: the last span of each window and zone answers while `now` is inside it.
  const cacheKey = `${timeZone}|${window}`;
  const known = recent.get(cacheKey);
  const at = now.getTime();
  if (known && at >= known.start.getTime() && at < known.end.getTime()) return known;
  const span = computePeriod(window, now, timeZone);
  recent.set(cacheKey, span);
  return span;
}

const recent = new Map<string, PeriodSpan>();

function computePeriod(window: Exclude<LeaderboardWindow, "all">, now: Date, timeZone: string): PeriodSpan {
  const { year, month, day } = wallClock(now.getTime(), timeZone);
  let first: [number, number, number];
  let next: [number, number, number];
  if (window === "day") {
    first = [year, month, day];
    next = [year, month, day + 1];
  } else if (window === "week") {
    const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7; // Monday = 0
    first = [year, month, day - weekday];
    next = [year, month, day - weekday + 7];
  } else {
    first = [year, month, 1];
    next = [year, month + 1, 1];
  }
  const start = localMidnight(...first, timeZone);
  const end = localMidnight(...next, timeZone);
  const startDate = new Date(Date.UTC(...([first[0], first[1] - 1, first[2]] as const)));
  const label = `${pad(startDate.getUTCFullYear(), 4)}-${pad(startDate.getUTCMonth() + 1)}-${pad(startDate.getUTCDate())}`;
  const key = window === "day" ? `d${label}` : window === "week" ? `w${label}` : `m${label.slice(0, 7)}`;
  return { key, start: new Date(start), end: new Date(end) };
}

/** The period as the API shows it (null for "all"). */
export function periodJson(span: PeriodSpan): Period | null {
  return span.key === "all" ? null : { start: span.start.toISOString(), end: span.end.toISOString() };
}
