"use client";

import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";

import { useSession } from "@/providers/session-provider";
import { ApiError, apiFetch } from "@/lib/api-client";
import { CHANNELS, EVENTS, userChannel } from "@/lib/channels";
import { awardResultSchema, leaderboardPageSchema, rankingUpdateSchema, scoreChangedSchema, undoResultSchema } from "@/lib/client-schemas";
import type { AwardResult, BoardRef, Entry, LeaderboardWindow, MovementPeriod, ScoreChanged, UndoResult } from "@/lib/schemas";

import { classifyUpdate, initialLeaderboardState, isBoard, lacksMovement, leaderboardReducer } from "./leaderboard-state";
import { useChannelEvent, useChannelSync } from "./use-channel-event";

const LEADERBOARD_LIMIT = 50;
const LEADERBOARD_POLL_MS = 5000;
/** setTimeout's longest delay; a period end further away is re-armed on the next load. */
const MAX_TIMER_MS = 2_147_000_000;

export interface UseLeaderboardOptions {
  /** Which window: today, this week, this month, all time (default). */
  window?: LeaderboardWindow;
  /** A class's board instead of the team's. */
  classId?: string;
  /** Rows carry `periodRank` and `movement` over this period (team all-time board only). */
  movement?: MovementPeriod;
  /** An athlete's score changed in a live update of this board: the entry, and the points when they can be told. */
  onScoreChange?: (entry: Entry, points: number | null) => void;
  /** Your own score changed (from your private channel). */
  onMyScoreChange?: (change: ScoreChanged) => void;
}

/** The query string of a board's page. */
function pageQuery(board: BoardRef, movement: MovementPeriod | undefined): string {
  const params = new URLSearchParams({ limit: String(LEADERBOARD_LIMIT), window: board.window });
  if (board.classId) params.set("classId", board.classId);
  if (movement && board.window === "all" && !board.classId) params.set("movement", movement);
  return params.toString();
}

/**
 * One live leaderboard (a window of the team's or a class's board): the top
 * rows plus your own, kept current by that board's `ranking-update` events
 * (each board has its own versions: older ignored, a gap or a new epoch
 * re-fetches), re-fetched on every (re)subscription, at the end of the
 * window's period, and polled while the link is down. With `movement`, rows
 * carry their rank movement since that period began. `updateScore` awards
 * points and `undoAward` takes an award back (coaches only; the API checks too).
 */
export function useLeaderboard(options: UseLeaderboardOptions = {}) {
  const user = useSession();
  const { window = "all", classId, movement } = options;
  const board = useMemo<BoardRef>(() => (classId ? { window, classId } : { window }), [window, classId]);
  const query = pageQuery(board, movement);
  const [state, dispatch] = useReducer(leaderboardReducer, initialLeaderboardState);
  const [error, setError] = useState<string | null>(null);
  const stateRef = useRef(state);
  const callbacks = useRef(options);
  useEffect(() => {
    stateRef.current = state;
    callbacks.current = options;
  });

  /** The board query shown: a page answered for another one is dropped. */
  const shown = useRef(query);
  const refetch = useCallback(async () => {
    if (!user) return;
    try {
      const page = leaderboardPageSchema.parse(await apiFetch(`/api/leaderboard?${query}`));
      if (shown.current !== query) return; // answered after the board changed
      // Below the top rows, your own row comes in the same response (`me`): one request per load.
      const me = page.leaderboard.find((entry) => entry.userId === user.id) ?? page.me ?? null;
      dispatch({ type: "page", page, me });
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load the leaderboard.");
    }
  }, [user, query]);

  // Another board or movement period: versions are per board, so start over and load it at once.
  useEffect(() => {
    if (shown.current === query) return;
    shown.current = query;
    dispatch({ type: "reset" });
    void refetch();
  }, [query, refetch]);

  // A new period (day, week, month) starts with an empty board, and movement is measured afresh.
  const ends = [state.period?.end, state.movementPeriod?.end].filter((end): end is string => end !== undefined);
  const nextEnd = ends.length > 0 ? Math.min(...ends.map(Date.parse)) : null;
  useEffect(() => {
    if (nextEnd === null || Number.isNaN(nextEnd)) return;
    const timer = setTimeout(() => void refetch(), Math.min(MAX_TIMER_MS, Math.max(0, nextEnd - Date.now()) + 500));
    return () => clearTimeout(timer);
  }, [nextEnd, refetch]);

  // Loaded once the channel is subscribed, again on every resubscription, polled while the link is down.
  useChannelSync(user ? CHANNELS.leaderboard : null, refetch, LEADERBOARD_POLL_MS);
  useChannelEvent(user ? CHANNELS.leaderboard : null, EVENTS.rankingUpdate, (data) => {
    const parsed = rankingUpdateSchema.safeParse(data);
    if (!parsed.success || !isBoard(parsed.data.board, board)) return;
    const event = parsed.data;
    const held = stateRef.current;
    // A new epoch (the server restarted and its board started again) refetches too.
    const verdict = classifyUpdate(held.version, event, held.epoch);
    if (verdict === "stale") return;
    if (verdict === "refetch") return void refetch();
    const before = new Map([...held.rows, ...(held.me ? [held.me] : [])].map((entry) => [entry.userId, entry.score]));
    dispatch({ type: "event", event, userId: user?.id });
    // Fewer rows (a removal) or rows whose rank at the period's start is unknown: the server knows.
    if (event.leaderboard.length < held.rows.length || lacksMovement(held, event) || event.total < held.total) void refetch();
    for (const entry of event.changes) {
      if (entry.userId === user?.id) continue;
      const previous = before.get(entry.userId);
      if (previous !== undefined && previous !== entry.score) callbacks.current.onScoreChange?.(entry, entry.score - previous);
      else if (entry.previousRank === null) callbacks.current.onScoreChange?.(entry, null);
    }
  });
  useChannelEvent(user ? userChannel(user.id) : null, EVENTS.scoreChanged, (data) => {
    const parsed = scoreChangedSchema.safeParse(data);
    if (parsed.success) callbacks.current.onMyScoreChange?.(parsed.data);
  });

  /** The team all-time board's update in an answer: applied when that is the board shown, else the shown board is re-read. */
  const absorb = useCallback(
    (event: AwardResult | UndoResult["ranking"]) => {
      const held = stateRef.current;
      if (!isBoard(undefined, board) || held.periodRanks !== null) return void refetch();
      // The award landed on a restarted board (another epoch): load it whole.
      if (held.epoch !== null && event.epoch !== held.epoch) void refetch();
      else dispatch({ type: "event", event, userId: user?.id });
    },
    [board, refetch, user],
  );

  /**
   * Awards points (coaches; `classId` also counts them on that class's
   * boards). Pass the same `idempotencyKey` to every retry of one award
   * (useIdempotencyKey), so it lands once; without one, each call is a new
   * award. Answers the team board's update and the awards recorded (their
   * ids are what `undoAward` takes).
   */
  const updateScore = useCallback(
    async (userId: string, points: number, extra: { name?: string; reason?: string; classId?: string; idempotencyKey?: string } = {}): Promise<AwardResult> => {
      if (user?.role !== "coach") throw new Error("Only coaches can award points.");
      const { idempotencyKey = crypto.randomUUID(), ...details } = extra;
      const body = await apiFetch("/api/leaderboard", {
        json: { userId, points, ...details },
        headers: { "idempotency-key": idempotencyKey },
      });
      const result = awardResultSchema.parse(body);
      absorb(result);
      return result;
    },
    [user, absorb],
  );

  /** Takes an award back with a compensating one (coaches); safe to retry: it is undone once. */
  const undoAward = useCallback(
    async (awardId: string): Promise<UndoResult> => {
      if (user?.role !== "coach") throw new Error("Only coaches can undo awards.");
      const result = undoResultSchema.parse(await apiFetch(`/api/awards/${encodeURIComponent(awardId)}/undo`, { method: "POST" }));
      if (!result.replayed) absorb(result.ranking);
      return result;
    },
    [user, absorb],
  );

  return {
    leaderboard: state.rows,
    me: state.me,
    total: state.total,
    version: state.version,
    updatedAt: state.updatedAt,
    loading: !state.loaded && !error,
    error,
    board,
    period: state.period,
    movementPeriod: state.movementPeriod,
    updateScore,
    undoAward,
    refetch,
  };
}
