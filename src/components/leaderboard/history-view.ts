import type { Award, AwardSummary } from "@/lib/schemas";

/** What the history parts show: the shape of board-data's useAwardHistory. */
export interface HistoryView {
  awards: Award[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore: () => void;
  csvHref?: string;
  summary?: AwardSummary | null;
}

/** Filters of the coaches' history: ids, and calendar dates ("2026-12-03") as the date inputs give them. */
export interface HistoryFilterValues {
  athlete: string;
  coach: string;
  from: string;
  to: string;
}

export const NO_FILTERS: HistoryFilterValues = { athlete: "", coach: "", from: "", to: "" };

/**
 * The API's filters for the form's values: empty ones left out, dates as
 * instants in the viewer's time zone (from the start of `from` to the end
 * of `to`, both included).
 */
export function historyQuery(values: HistoryFilterValues): { athlete?: string; coach?: string; from?: string; to?: string } {
  const query: { athlete?: string; coach?: string; from?: string; to?: string } = {};
  if (values.athlete) query.athlete = values.athlete;
  if (values.coach) query.coach = values.coach;
  const from = localDay(values.from);
  const to = localDay(values.to);
  if (from) query.from = from.toISOString();
  if (to) query.to = new Date(to.getTime() + 24 * 60 * 60 * 1000 - 1).toISOString();
  return query;
}

function localDay(date: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(day.getTime()) ? null : day;
}

const whenFormat = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

/** "Dec 3, 10:20 AM" in the viewer's time zone. */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : whenFormat.format(date);
}
