"use client";

import { ChevronRight } from "lucide-react";
import dynamic from "next/dynamic";
import { useId, useMemo, useState } from "react";

import { PanelLoading } from "@/components/coaching/panel-loading";
import { Label, Select } from "@/components/ui/input";
import { useLeaderboard, type OnlineMember } from "@/hooks/use-pusher";
import type { LeaderboardWindow, MovementPeriod } from "@/lib/schemas";
import { useSession } from "@/providers/session-provider";

import type { AthleteOption } from "./athlete-combobox";
import type { SinceLookup } from "./board-table";
import { BoardView } from "./board-view";
import { WINDOW_LABELS, WindowPicker } from "./window-picker";

// Only coaches award points: athletes never download the form.
const AwardPointsForm = dynamic(() => import("./award-points-form").then((m) => m.AwardPointsForm), {
  loading: () => <PanelLoading label="Loading the award form…" />,
});
// The history loads when it is opened.
const CoachHistory = dynamic(() => import("./award-history").then((m) => m.CoachHistory), {
  loading: () => <PanelLoading label="Loading the award history…" />,
});
const MyHistory = dynamic(() => import("./award-history").then((m) => m.MyHistory), {
  loading: () => <PanelLoading label="Loading your awards…" />,
});

type Board = ReturnType<typeof useLeaderboard>;

const MOVEMENT_LABELS: Record<MovementPeriod, string> = { day: "Today", week: "This week", month: "This month" };

/** The rank movement over the viewer's period, from the rows' `movement` (absent when the server did not say). */
function sinceLookup(movement: MovementPeriod | ""): SinceLookup | undefined {
  if (!movement) return undefined;
  return { label: MOVEMENT_LABELS[movement], change: (entry) => entry.movement };
}

/**
 * The leaderboard tab: the coach's award form, the team board in the
 * window the viewer picks (each live), movement over a period, and the
 * award history (coaches: everyone's, filtered; athletes: their own).
 */
export function LeaderboardPanel({ board, online }: { board: Board; online: OnlineMember[] }) {
  const user = useSession();
  const id = useId();
  const [window, setWindow] = useState<LeaderboardWindow>("all");
  const [movement, setMovement] = useState<MovementPeriod | "">("");
  const [historyOpen, setHistoryOpen] = useState(false);

  const athletes = useMemo<AthleteOption[]>(() => {
    const options = new Map<string, AthleteOption>();
    for (const row of [...board.leaderboard, ...(board.me ? [board.me] : [])]) options.set(row.userId, { userId: row.userId, name: row.name, ranked: true });
    for (const member of online) {
      if (member.role === "athlete" && !options.has(member.id)) options.set(member.id, { userId: member.id, name: member.name, ranked: false });
    }
    return [...options.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [board.leaderboard, board.me, online]);

  // Movement over a period is measured on the all-time board.
  const movementPicker =
    window === "all" ? (
      <div className="flex flex-col gap-1">
        <Label htmlFor={`${id}-movement`} className="text-xs text-muted-foreground">
          Movement
        </Label>
        <Select id={`${id}-movement`} value={movement} className="w-auto" onChange={(event) => setMovement(event.target.value as MovementPeriod | "")}>
          <option value="">Last change</option>
          <option value="day">Today</option>
          <option value="week">This week</option>
          <option value="month">This month</option>
        </Select>
      </div>
    ) : undefined;

  return (
    <section aria-label="Leaderboard" className="flex flex-col">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-border px-4 py-2">
        <h2 className="text-base font-semibold">
          Leaderboard <span className="sr-only">, {WINDOW_LABELS[window]}</span>
        </h2>
        <WindowPicker value={window} onChange={setWindow} />
      </header>
      {user?.role === "coach" && <AwardPointsForm athletes={athletes} updateScore={board.updateScore} undoAward={board.undoAward} />}
      {window === "all" && !movement ? (
        <BoardView board={board} source={{ window: "all" }} toolbar={movementPicker} followDeepLinks />
      ) : (
        <LiveBoard window={window} movement={window === "all" ? movement || undefined : undefined} toolbar={movementPicker} />
      )}
      <p className="border-t border-border px-4 py-1.5 text-xs text-muted-foreground">
        {board.total} {board.total === 1 ? "athlete" : "athletes"} on the team board
      </p>
      {user && (
        <details className="border-t border-border" onToggle={(event) => setHistoryOpen(event.currentTarget.open)}>
          <summary className="flex cursor-pointer list-none items-center gap-2 px-4 py-3 text-sm font-semibold touch:min-h-11 [&::-webkit-details-marker]:hidden">
            <ChevronRight aria-hidden className="size-4 motion-safe:transition-transform [details[open]_&]:rotate-90" />
            {user.role === "coach" ? "Award history" : "Your points history"}
          </summary>
          {historyOpen && (user.role === "coach" ? <CoachHistory athletes={athletes} /> : <MyHistory />)}
        </details>
      )}
    </section>
  );
}

/** A board other than the page's own (another window, or movement over a period): live through its own subscription. */
function LiveBoard({ window, movement, toolbar }: { window: LeaderboardWindow; movement?: MovementPeriod; toolbar?: React.ReactNode }) {
  const board = useLeaderboard({ window, movement });
  return (
    <BoardView
      board={board}
      source={{ window }}
      toolbar={toolbar}
      since={sinceLookup(movement ?? "")}
      followDeepLinks
      empty={window === "all" ? undefined : `No points ${WINDOW_LABELS[window].toLowerCase()} yet: awards given ${WINDOW_LABELS[window].toLowerCase()} count here.`}
    />
  );
}
