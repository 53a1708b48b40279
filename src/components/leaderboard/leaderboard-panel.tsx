"use client";

import { Trophy } from "lucide-react";
import dynamic from "next/dynamic";
import { useMemo } from "react";

import { PanelLoading } from "@/components/coaching/panel-loading";
import type { OnlineMember, useLeaderboard } from "@/hooks/use-pusher";
import { useSession } from "@/providers/session-provider";

import type { AthleteOption } from "./award-points-form";
import { LeaderboardRow } from "./leaderboard-row";
import { RankAnnouncer } from "./rank-announcer";
import { useFlip } from "./use-flip";

// Only coaches award points: athletes never download the form.
const AwardPointsForm = dynamic(() => import("./award-points-form").then((m) => m.AwardPointsForm), {
  loading: () => <PanelLoading label="Loading the award form…" />,
});

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
      <header className="flex items-center justify-between border-b border-border px-4 py-2">
        <h2 className="text-base font-semibold">Leaderboard</h2>
        <p className="text-xs text-muted-foreground">
          {board.total} {board.total === 1 ? "athlete" : "athletes"}
        </p>
      </header>
      {user?.role === "coach" && <AwardPointsForm athletes={athletes} updateScore={board.updateScore} />}
      {board.error && (
        <p role="alert" className="bg-warning px-4 py-1.5 text-sm text-warning-foreground">
          {board.error}
        </p>
      )}
      <RankAnnouncer rows={rows} />
      {board.loading ? (
        <PanelLoading label="Loading the leaderboard…" />
      ) : rows.length === 0 ? (
        <div className="flex flex-col items-center gap-2 py-10 text-center text-muted-foreground">
          <Trophy aria-hidden className="size-8" />
          <p className="text-sm font-medium">No scores yet</p>
          <p className="text-xs">Rankings appear here as soon as a coach awards points.</p>
        </div>
      ) : (
        // Focusable, so a keyboard reaches every row even where browsers do not focus scroll boxes themselves.
        <div
          tabIndex={0}
          role="region"
          aria-label="Rankings, scrollable"
          className="max-h-[min(60dvh,560px)] overflow-y-auto outline-none focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring"
        >
          <ol ref={list} aria-label="Rankings" className="relative">
            {rows.map((row) => (
              <LeaderboardRow key={row.userId} entry={row} rows={rows} own={row.userId === user?.id} />
            ))}
          </ol>
        </div>
      )}
      {me && !ownShown && (
        <ol aria-label="Your position" className="border-t-2 border-primary/40">
          <LeaderboardRow entry={me} rows={[me]} own pinned />
        </ol>
      )}
    </section>
  );
}
