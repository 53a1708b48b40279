"use client";

import { useCallback, useEffect, useRef, useState } from "react";

import { useSession } from "@/providers/session-provider";
import { ApiError, apiFetch } from "@/lib/api-client";
import { CHANNELS, EVENTS } from "@/lib/channels";
import { awardsPageSchema, awardSummarySchema, rankingUpdateSchema } from "@/lib/client-schemas";
import type { Award, AwardSummary } from "@/lib/schemas";

import { isBoard } from "./leaderboard-state";
import { useChannelEvent } from "./use-channel-event";

/** After a live award, the history is read again once things settle (many awards in a burst: one read). */
const REFRESH_DEBOUNCE_MS = 1000;

export interface AwardHistoryFilters {
  /** An athlete's awards (athletes: only their own, which is also the default for them). */
  athlete?: string;
  /** Awards given by one coach ("admin" for the admin token). */
  coach?: string;
  /** ISO instants bounding when the awards were given. */
  from?: string;
  to?: string;
  /** Awards per page (1–200, default 50). */
  limit?: number;
}

/** The query string of a filter set (shared by the list and the CSV link). */
export function awardQuery(filters: AwardHistoryFilters): string {
  const params = new URLSearchParams();
  for (const key of ["athlete", "coach", "from", "to"] as const) if (filters[key]) params.set(key, filters[key]);
  if (filters.limit !== undefined) params.set("limit", String(filters.limit));
  return params.toString();
}

interface HistoryState {
  key: string;
  awards: Award[];
  nextCursor: string | null;
  summary: AwardSummary | null;
  error: string | null;
  loaded: boolean;
}

const emptyHistory = (key: string): HistoryState => ({ key, awards: [], nextCursor: null, summary: null, error: null, loaded: false });

const messageOf = (caught: unknown) => (caught instanceof ApiError ? caught.message : "Could not load the award history.");

/** Fresh awards merged into those held: changed ones replaced (an undo), new ones added, newest first. */
function merge(held: Award[], fresh: Award[]): Award[] {
  const byId = new Map(held.map((award) => [award.id, award]));
  for (const award of fresh) byId.set(award.id, award);
  return [...byId.values()].sort((a, b) => b.seq - a.seq);
}

/**
 * The award history for a coach's table or an athlete's own list and chart:
 * newest first, `loadMore` pages back, and it reads itself again (debounced)
 * after each live award on the team board, so undos and new awards show.
 * With `summaryDays`, `summary` holds net points per day for that many days
 * (of `filters.athlete`, or an athlete's own). `csvHref` downloads the same
 * filters as CSV (coaches).
 */
export function useAwardHistory(filters: AwardHistoryFilters = {}, options: { summaryDays?: number } = {}) {
  const user = useSession();
  const query = awardQuery(filters);
  const summaryAthlete = filters.athlete ?? (user?.role === "athlete" ? user.id : undefined);
  const summaryDays = options.summaryDays;
  // One state for one filter set: held under its query, so other filters read as nothing loaded yet.
  const [held, setHeld] = useState<HistoryState>(() => emptyHistory(query));
  const current = held.key === query ? held : emptyHistory(query);
  const shown = useRef(query);
  useEffect(() => {
    shown.current = query;
  });

  const refresh = useCallback(async () => {
    if (!user) return;
    const asked = query;
    try {
      const [page, chart] = await Promise.all([
        apiFetch(`/api/awards?${asked}`).then((body) => awardsPageSchema.parse(body)),
        summaryDays !== undefined && summaryAthlete !== undefined
          ? apiFetch(`/api/awards/summary?${new URLSearchParams({ athlete: summaryAthlete, days: String(summaryDays) })}`).then((body) => awardSummarySchema.parse(body))
          : Promise.resolve(null),
      ]);
      setHeld((state) => {
        if (shown.current !== asked) return state;
        const base = state.key === asked ? state : emptyHistory(asked);
        const fresh = !base.loaded;
        return { ...base, awards: merge(base.awards, page.awards), nextCursor: fresh ? page.nextCursor : base.nextCursor, summary: chart, error: null, loaded: true };
      });
    } catch (caught) {
      setHeld((state) => (shown.current !== asked ? state : { ...(state.key === asked ? state : emptyHistory(asked)), error: messageOf(caught), loaded: true }));
    }
  }, [user, query, summaryAthlete, summaryDays]);

  // Loaded for each filter set (and again when the viewer or the chart changes).
  useEffect(() => {
    void refresh();
  }, [refresh]);

  /** The next (older) page, appended. */
  const { nextCursor } = current;
  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    const asked = query;
    try {
      const page = awardsPageSchema.parse(await apiFetch(`/api/awards?${asked}${asked ? "&" : ""}cursor=${nextCursor}`));
      setHeld((state) => (state.key !== asked ? state : { ...state, awards: merge(state.awards, page.awards), nextCursor: page.nextCursor }));
    } catch (caught) {
      setHeld((state) => (state.key !== asked ? state : { ...state, error: messageOf(caught) }));
    }
  }, [query, nextCursor]);

  // Live: a team all-time ranking-update means an award (or an undo) landed.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useChannelEvent(user ? CHANNELS.leaderboard : null, EVENTS.rankingUpdate, (data) => {
    const parsed = rankingUpdateSchema.safeParse(data);
    if (!parsed.success || !isBoard(parsed.data.board, { window: "all" })) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void refresh(), REFRESH_DEBOUNCE_MS);
  });

  return {
    awards: current.awards,
    loading: !current.loaded,
    error: current.error,
    hasMore: current.nextCursor !== null,
    loadMore,
    refresh,
    summary: current.summary,
    csvHref: `/api/awards.csv${query ? `?${query}` : ""}`,
  };
}
