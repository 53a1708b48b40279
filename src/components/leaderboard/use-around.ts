"use client";

import { useCallback, useEffect, useRef, useState } from "react";

import { ApiError, apiFetch } from "@/lib/api-client";
import { leaderboardPageSchema } from "@/lib/client-schemas";
import type { Entry, LeaderboardWindow } from "@/lib/schemas";

/** Rows fetched around one athlete: those above and below them. */
export const AROUND_LIMIT = 7;

export interface Around {
  userId: string;
  rows: Entry[];
}

/**
 * The rows around an athlete below the top rows (`?around=`), for a jump to
 * a row that is not loaded: fetched on demand and again whenever the board
 * moves on (`version`), so they stay current while shown.
 */
export function useAround(board: { window?: LeaderboardWindow; classId?: string; version: number }) {
  const [around, setAround] = useState<Around | null>(null);
  const [error, setError] = useState<string | null>(null);
  const wanted = useRef<string | null>(null);
  const { window = "all", classId, version } = board;

  const fetchAround = useCallback(
    async (userId: string) => {
      const params = new URLSearchParams({ around: userId, limit: String(AROUND_LIMIT), window });
      if (classId) params.set("classId", classId);
      try {
        const page = leaderboardPageSchema.parse(await apiFetch(`/api/leaderboard?${params.toString()}`));
        if (wanted.current !== userId) return;
        setAround({ userId, rows: page.leaderboard });
        setError(null);
      } catch (caught) {
        if (wanted.current !== userId) return;
        setAround(null);
        setError(caught instanceof ApiError && caught.status === 404 ? "That athlete is not on this board yet." : "Could not load that part of the board.");
      }
    },
    [window, classId],
  );

  const load = useCallback(
    (userId: string) => {
      // Asked for already: the board moving on refreshes it.
      if (wanted.current === userId) return;
      wanted.current = userId;
      void fetchAround(userId);
    },
    [fetchAround],
  );

  const clear = useCallback(() => {
    wanted.current = null;
    setAround(null);
    setError(null);
  }, []);

  // The board moved on: so may the neighbourhood shown.
  useEffect(() => {
    if (wanted.current) void fetchAround(wanted.current);
  }, [version, fetchAround]);

  return { around, error, load, clear };
}
