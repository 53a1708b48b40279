"use client";

import { useEffect, useRef, useState } from "react";

import { movementLabel } from "@/hooks/leaderboard-state";
import type { Entry } from "@/lib/schemas";

/** At most one announcement per this long: a burst of awards is summed up, not read out one by one. */
export const ANNOUNCE_EVERY_MS = 2_000;
const NAMED = 3;

/** "Eve now rank 1, up 4. Ben now rank 2, down 1." — ranks that moved since `before`. */
export function describeMoves(before: ReadonlyMap<string, number>, rows: readonly Entry[]): string {
  const moved = rows.filter((row) => before.has(row.userId) && before.get(row.userId) !== row.rank);
  const joined = rows.filter((row) => !before.has(row.userId));
  const parts = [...moved, ...joined].slice(0, NAMED).map((row) => `${row.name} now rank ${row.rank}, ${movementLabel(row)}.`);
  const more = moved.length + joined.length - NAMED;
  return more > 0 ? `${parts.join(" ")} ${more} more moved.` : parts.join(" ");
}

/**
 * A polite live region for rank changes: it compares the rows with those of
 * the last announcement, at most once per ANNOUNCE_EVERY_MS, so screen
 * readers hear what moved without a flood.
 */
export function RankAnnouncer({ rows }: { rows: readonly Entry[] }) {
  const [message, setMessage] = useState("");
  const announced = useRef<Map<string, number> | null>(null);
  const lastAt = useRef(0);
  const latest = useRef(rows);

  useEffect(() => {
    latest.current = rows;
    // The first rows loaded are the baseline, not news.
    if (announced.current === null) {
      if (rows.length > 0) announced.current = new Map(rows.map((row) => [row.userId, row.rank]));
      return;
    }
    const wait = Math.max(0, lastAt.current + ANNOUNCE_EVERY_MS - Date.now());
    const timer = setTimeout(() => {
      const current = latest.current;
      const text = describeMoves(announced.current!, current);
      announced.current = new Map(current.map((row) => [row.userId, row.rank]));
      if (!text) return;
      lastAt.current = Date.now();
      setMessage(text);
    }, wait);
    return () => clearTimeout(timer);
  }, [rows]);

  return (
    <p aria-live="polite" className="sr-only" data-slot="rank-announcer">
      {message}
    </p>
  );
}
