"use client";

import { Loader2, Trophy } from "lucide-react";
import { useMemo } from "react";

import { useSession } from "@/providers/session-provider";
import type { OnlineMember, useLeaderboard } from "@/hooks/use-pusher";

import { AwardPointsForm, type AthleteOption } from "./award-points-form";
import { LeaderboardRow } from "./leaderboard-row";
import { useFlip } from "./use-flip";

/** The leaderboard tab: live rows, your own row always in sight, and the coach's award form. */
export function LeaderboardPanel({ board, online }: { board: ReturnType<typeof useLeaderboard>; online: OnlineMember[] }) {
  const user = useSession();
  const { leaderboard: rows, me } = board;
  const list = useFlip<HTMLOListElement>(rows.map((row) => `${row.userId}:${row.rank}`).join(","));
  const ownShown = rows.some((row) => row.userId === user?.id);

  const athletes = useMemo<AthleteOption[]>(() => {
    const options = new Map<string, AthleteOption>();
    for (const row of rows) options.set(row.userId, { userId: row.userId, name: row.name, ranked: true });
    for (const member of online) {
      if (member.role === "athlete" && !options.has(member.id)) options.set(member.id, { userId: member.id, name: member.name, ranked: false });
    }
    return [...options.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [rows, online]);

  return (
    <section aria-label="Leaderboard" className="flex flex-col">
      <header className="flex items-center justify-between border-b border-slate-200 px-4 py-2">
        <h2 className="text-base font-semibold">Leaderboard</h2>
        <p className="text-xs text-slate-500">
          {board.total} {board.total === 1 ? "athlete" : "athletes"}
        </p>
      </header>
      {user?.role === "coach" && <AwardPointsForm athletes={athletes} updateScore={board.updateScore} />}
      {board.error && (
        <p role="alert" className="bg-amber-50 px-4 py-1.5 text-sm text-amber-800">
          {board.error}
        </p>
      )}
      {board.loading ? (
        <p className="flex items-center justify-center gap-2 py-10 text-sm text-slate-500">
          <Loader2 aria-hidden className="size-4 animate-spin" /> Loading the leaderboard…
        </p>
      ) : rows.length === 0 ? (
        <div className="flex flex-col items-center gap-2 py-10 text-center text-slate-500">
          <Trophy aria-hidden className="size-8" />
          <p className="text-sm font-medium">No scores yet</p>
          <p className="text-xs">Rankings appear here as soon as a coach awards points.</p>
        </div>
      ) : (
        <div className="max-h-[min(60dvh,560px)] overflow-y-auto">
          <ol ref={list} aria-label="Rankings" className="relative">
            {rows.map((row) => (
              <LeaderboardRow key={row.userId} entry={row} rows={rows} own={row.userId === user?.id} />
            ))}
          </ol>
        </div>
      )}
      {me && !ownShown && (
        <ol aria-label="Your position" className="border-t-2 border-indigo-200">
          <LeaderboardRow entry={me} rows={[me]} own pinned />
        </ol>
      )}
    </section>
  );
}
