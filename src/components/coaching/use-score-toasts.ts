"use client";

import { useMemo } from "react";
import { toast } from "sonner";

import { movementLabel, scoreToast } from "@/hooks/leaderboard-state";
import type { UseLeaderboardOptions } from "@/hooks/use-pusher";

/** Toasts for score changes: "Sam +50 → #2 (up 3)", and your own from your private channel. */
export function useScoreToasts(): UseLeaderboardOptions {
  return useMemo(
    () => ({
      onScoreChange: (entry, points) => toast(scoreToast(entry.name, points, entry)),
      onMyScoreChange: (change) => {
        const delta = `${change.points > 0 ? "+" : "−"}${Math.abs(change.points)}`;
        const moved = movementLabel({ ...change, userId: "", name: "" });
        toast.success(`You ${delta} → #${change.rank} (${moved})`, change.reason ? { description: change.reason } : undefined);
      },
    }),
    [],
  );
}
