"use client";

import { useCallback, useEffect, useReducer, useRef, useState } from "react";

import { useSession } from "@/providers/session-provider";
import { ApiError, apiFetch } from "@/lib/api-client";
import { CHANNELS, EVENTS, userChannel } from "@/lib/channels";
import { leaderboardPageSchema, rankingUpdateSchema, scoreChangedSchema } from "@/lib/client-schemas";
import type { Entry, RankingUpdate, ScoreChanged } from "@/lib/schemas";

import { classifyUpdate, initialLeaderboardState, leaderboardReducer } from "./leaderboard-state";
import { useChannelEvent, useChannelSync } from "./use-channel-event";

const LEADERBOARD_LIMIT = 50;
const LEADERBOARD_POLL_MS = 5000;

export interface UseLeaderboardOptions {
  /** An athlete's score changed in a live update: the entry, and the points when they can be told. */
  onScoreChange?: (entry: Entry, points: number | null) => void;
  /** Your own score changed (from your private channel). */
  onMyScoreChange?: (change: ScoreChanged) => void;
}

/**
 * The live leaderboard: the top rows plus your own, kept current by
 * `ranking-update` events (older versions ignored, a gap re-fetches),
 * re-fetched on every (re)subscription and polled while the link is down.
 * `updateScore` awards points (coaches only; the API checks too).
 */
export function useLeaderboard(options: UseLeaderboardOptions = {}) {
  const user = useSession();
  const [state, dispatch] = useReducer(leaderboardReducer, initialLeaderboardState);
  const [error, setError] = useState<string | null>(null);
  const stateRef = useRef(state);
  const callbacks = useRef(options);
  useEffect(() => {
    stateRef.current = state;
    callbacks.current = options;
  });

  const refetch = useCallback(async () => {
    if (!user) return;
    try {
      const page = leaderboardPageSchema.parse(await apiFetch(`/api/leaderboard?limit=${LEADERBOARD_LIMIT}`));
      // Below the top rows, your own row comes in the same response (`me`): one request per load.
      const me = page.leaderboard.find((entry) => entry.userId === user.id) ?? page.me ?? null;
      dispatch({ type: "page", page, me });
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load the leaderboard.");
    }
  }, [user]);

  // Loaded once the channel is subscribed, again on every resubscription, polled while the link is down.
  useChannelSync(user ? CHANNELS.leaderboard : null, refetch, LEADERBOARD_POLL_MS);
  useChannelEvent(user ? CHANNELS.leaderboard : null, EVENTS.rankingUpdate, (data) => {
    const parsed = rankingUpdateSchema.safeParse(data);
    if (!parsed.success) return;
    const event = parsed.data;
    const held = stateRef.current;
    // A new epoch (the server restarted and its board started again) refetches too.
    const verdict = classifyUpdate(held.version, event, held.epoch);
    if (verdict === "stale") return;
    if (verdict === "refetch") return void refetch();
    const before = new Map([...held.rows, ...(held.me ? [held.me] : [])].map((entry) => [entry.userId, entry.score]));
    dispatch({ type: "event", event, userId: user?.id });
    if (event.leaderboard.length < held.rows.length) void refetch();
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

  /**
   * Awards points. The seed's `updateScore("user123", 50)` works for coaches;
   * athletes are refused here and by the API. Pass the same `idempotencyKey`
   * to every retry of one award (useIdempotencyKey), so it lands once; without
   * one, each call is a new award.
   */
  const updateScore = useCallback(
    async (userId: string, points: number, extra: { name?: string; reason?: string; idempotencyKey?: string } = {}): Promise<RankingUpdate> => {
      if (user?.role !== "coach") throw new Error("Only coaches can award points.");
      const { idempotencyKey = crypto.randomUUID(), ...details } = extra;
      const body = await apiFetch("/api/leaderboard", {
        json: { userId, points, ...details },
        headers: { "idempotency-key": idempotencyKey },
      });
      const event = rankingUpdateSchema.parse(body);
      // The award landed on a restarted board (another epoch): load it whole.
      if (stateRef.current.epoch !== null && event.epoch !== stateRef.current.epoch) void refetch();
      else dispatch({ type: "event", event, userId: user.id });
      return event;
    },
    [user, refetch],
  );

  return {
    leaderboard: state.rows,
    me: state.me,
    total: state.total,
    version: state.version,
    updatedAt: state.updatedAt,
    loading: !state.loaded && !error,
    error,
    updateScore,
  };
}
