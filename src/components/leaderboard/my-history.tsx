"use client";

import { History } from "lucide-react";

import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

import { formatWhen, type HistoryView } from "./history-view";
import { Points } from "./points";
import { PointsChart } from "./points-chart";

/** An athlete's own awards: a chart of the last days, then each award with its reason; undone ones struck through. */
export function MyHistoryList({ history }: { history: HistoryView }) {
  return (
    <div className="flex flex-col gap-3 px-3 py-3 sm:px-4">
      {history.summary && <PointsChart summary={history.summary} />}
      {history.error && (
        <p role="alert" className="text-sm text-destructive">
          {history.error}
        </p>
      )}
      {history.loading && history.awards.length === 0 ? (
        <p className="py-6 text-center text-sm text-muted-foreground">Loading your awards…</p>
      ) : history.awards.length === 0 && !history.error ? (
        <div className="flex flex-col items-center gap-2 py-8 text-center text-muted-foreground">
          <History aria-hidden className="size-8" />
          <p className="text-sm font-medium">No awards yet</p>
          <p className="text-xs">Points your coaches give you appear here, with their reasons.</p>
        </div>
      ) : (
        <ul aria-label="Your awards" className="flex flex-col divide-y divide-border">
          {history.awards.map((award) => {
            const undone = Boolean(award.undoneBy);
            return (
              <li key={award.id} className={cn("flex flex-wrap items-baseline gap-x-3 gap-y-0.5 py-2", undone && "text-muted-foreground")}>
                <span className={cn("font-semibold", undone && "line-through")}>
                  <Points value={award.points} signed />
                </span>
                <span className={cn("min-w-0 flex-1 text-sm break-words", undone && "line-through")}>
                  {award.undoOf ? "Undo of an earlier award" : (award.reason ?? "No reason given")}
                </span>
                {undone && <span className="text-xs font-medium">(undone)</span>}
                <span className="w-full text-xs text-muted-foreground">
                  {award.coachName} · <time dateTime={award.at}>{formatWhen(award.at)}</time>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {history.hasMore && (
        <Button variant="outline" size="sm" className="self-center" disabled={history.loading} onClick={history.loadMore}>
          {history.loading ? "Loading…" : "Show older awards"}
        </Button>
      )}
    </div>
  );
}
