"use client";

import dynamic from "next/dynamic";
import { useMemo, useState } from "react";

import { PanelLoading } from "@/components/coaching/panel-loading";
import { useLeaderboard, usePresence } from "@/hooks/use-pusher";
import type { LeaderboardWindow } from "@/lib/schemas";
import { useSession } from "@/providers/session-provider";

import type { AthleteOption } from "./athlete-combobox";
import { BoardView } from "./board-view";
import { WINDOW_LABELS, WindowPicker } from "./window-picker";

const AwardPointsForm = dynamic(() => import("./award-points-form").then((m) => m.AwardPointsForm), {
  loading: () => <PanelLoading label="Loading the award form…" />,
});

/**
 * One class's leaderboard (awards given in that class), live, in the
 * window the viewer picks, with the coach's award form for this class:
 * shown on the class page beside its updates.
 */
export function ClassBoard({ classId, title = `Class ${classId}` }: { classId: string; title?: string }) {
  const user = useSession();
  const [window, setWindow] = useState<LeaderboardWindow>("all");
  const board = useLeaderboard({ classId, window });
  const online = usePresence();
  const athletes = useMemo<AthleteOption[]>(() => {
    const options = new Map<string, AthleteOption>();
    for (const member of online) if (member.role === "athlete") options.set(member.id, { userId: member.id, name: member.name, ranked: false });
    // On the class board means on the team board too: no name needs sending.
    for (const row of board.leaderboard) options.set(row.userId, { userId: row.userId, name: row.name, ranked: true });
    return [...options.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [board.leaderboard, online]);

  return (
    <section aria-label={`${title} leaderboard`} className="flex flex-col overflow-hidden rounded-xl border border-border bg-card">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-border px-4 py-2">
        <h2 className="text-sm font-semibold">
          Leaderboard <span className="sr-only">, {WINDOW_LABELS[window]}</span>
        </h2>
        <WindowPicker value={window} onChange={setWindow} label="Class board time window" />
      </header>
      {user?.role === "coach" && <AwardPointsForm athletes={athletes} updateScore={board.updateScore} undoAward={board.undoAward} classId={classId} />}
      <BoardView board={board} source={{ window, classId }} label="Class rankings" empty="Awards a coach gives in this class count here." />
    </section>
  );
}
