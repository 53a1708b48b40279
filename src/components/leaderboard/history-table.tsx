"use client";

import { History } from "lucide-react";

import { Button } from "@/components/ui/button";
import type { Award } from "@/lib/schemas";
import { cn } from "@/lib/utils";

import { formatWhen, type HistoryView } from "./history-view";
import { Points } from "./points";

/** One award's fate in words: "Undo of +10" for a compensating award, "Undone" for an undone one. */
function status(award: Award, byId: Map<string, Award>): string {
  if (award.undoOf) {
    const original = byId.get(award.undoOf);
    return original ? `Undo of ${original.points > 0 ? "+" : ""}${original.points}` : "Undo";
  }
  if (award.undoneBy) return "Undone";
  return "";
}

/** The coaches' award history: every award with who, to whom, points, reason, when and whether it was undone. */
export function HistoryTable({ history }: { history: HistoryView }) {
  const byId = new Map(history.awards.map((award) => [award.id, award]));
  if (history.error && history.awards.length === 0) {
    return (
      <p role="alert" className="px-4 py-6 text-sm text-destructive">
        {history.error}
      </p>
    );
  }
  if (history.loading && history.awards.length === 0) return <p className="px-4 py-6 text-center text-sm text-muted-foreground">Loading the award history…</p>;
  if (history.awards.length === 0) {
    return (
      <div className="flex flex-col items-center gap-2 px-4 py-10 text-center text-muted-foreground">
        <History aria-hidden className="size-8" />
        <p className="text-sm font-medium">No awards match</p>
        <p className="text-xs">Awards appear here as soon as they are given.</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col">
      <div tabIndex={0} role="region" aria-label="Award history, scrollable" className="max-h-[min(60dvh,560px)] overflow-auto outline-none focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring">
        <table aria-label="Award history" className="w-full min-w-[34rem] border-collapse text-sm">
          <thead className="sticky top-0 z-10 bg-muted text-left text-xs tracking-wide text-muted-foreground uppercase">
            <tr>
              <th scope="col" className="px-3 py-2 font-semibold">
                When
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Athlete
              </th>
              <th scope="col" className="px-3 py-2 text-right font-semibold">
                Points
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Reason
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Coach
              </th>
              <th scope="col" className="px-3 py-2 font-semibold">
                Status
              </th>
            </tr>
          </thead>
          <tbody>
            {history.awards.map((award) => {
              const undone = Boolean(award.undoneBy);
              return (
                <tr key={award.id} className={cn("border-b border-border last:border-b-0", undone && "text-muted-foreground")}>
                  <td className="px-3 py-2 whitespace-nowrap">
                    <time dateTime={award.at}>{formatWhen(award.at)}</time>
                  </td>
                  <th scope="row" className="px-3 py-2 text-left font-medium break-words">
                    {award.athleteName}
                  </th>
                  <td className={cn("px-3 py-2 text-right font-semibold whitespace-nowrap", undone && "line-through")}>
                    <Points value={award.points} signed />
                  </td>
                  <td className="px-3 py-2 break-words">{award.reason ?? <span className="text-muted-foreground">—</span>}</td>
                  <td className="px-3 py-2 break-words">{award.coachName}</td>
                  <td className="px-3 py-2 text-xs whitespace-nowrap">{status(award, byId)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {history.error && (
        <p role="alert" className="px-4 py-2 text-sm text-destructive">
          {history.error}
        </p>
      )}
      {history.hasMore && (
        <Button variant="outline" size="sm" className="m-3 self-center" disabled={history.loading} onClick={history.loadMore}>
          {history.loading ? "Loading…" : "Show older awards"}
        </Button>
      )}
    </div>
  );
}
