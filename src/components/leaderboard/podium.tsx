import { Medal } from "lucide-react";

import type { Entry } from "@/lib/schemas";
import { cn } from "@/lib/utils";

import { initials } from "./leaderboard-row";
import { Points } from "./points";

const scoreFormat = new Intl.NumberFormat("en");

const PLACES = [
  { label: "First", step: "h-16 sm:h-20", medal: "text-[oklch(0.7_0.15_85)]", order: "order-2" },
  { label: "Second", step: "h-11 sm:h-14", medal: "text-[oklch(0.65_0.02_260)]", order: "order-1" },
  { label: "Third", step: "h-8 sm:h-10", medal: "text-[oklch(0.6_0.12_50)]", order: "order-3" },
] as const;

/**
 * The top three on steps (second, first, third from left to right on
 * screen; first, second, third in reading order). Ties share a step's
 * rank: two athletes on 100 are both "rank 1".
 */
export function Podium({ rows, ownId }: { rows: readonly Entry[]; ownId?: string }) {
  const top = rows.slice(0, 3);
  if (top.length === 0) return null;
  return (
    <ol aria-label="Podium" className="flex items-end justify-center gap-2 border-b border-border bg-muted/40 px-2 pt-4 sm:gap-4 sm:px-4">
      {top.map((entry, index) => {
        const place = PLACES[index]!;
        const own = entry.userId === ownId;
        return (
          <li
            key={entry.userId}
            aria-label={`${place.label}: ${entry.name}${own ? " (you)" : ""}, rank ${entry.rank}, ${scoreFormat.format(entry.score)} points`}
            className={cn("flex min-w-0 flex-1 basis-0 flex-col items-center gap-1 sm:max-w-40", place.order)}
          >
            <span
              aria-hidden
              className={cn(
                "flex size-10 items-center justify-center rounded-full bg-card text-sm font-bold ring-2 ring-border sm:size-12",
                own && "ring-primary",
              )}
            >
              {initials(entry.name)}
            </span>
            <span aria-hidden className="w-full text-center text-xs leading-tight font-medium break-words sm:text-sm">
              {entry.name}
            </span>
            <span aria-hidden className="text-xs font-semibold">
              <Points value={entry.score} />
            </span>
            <span aria-hidden className={cn("flex w-full items-start justify-center rounded-t-md bg-accent pt-1 text-accent-foreground", place.step)}>
              <Medal className={cn("size-4", place.medal)} />
              <span className="text-sm font-bold">{entry.rank}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
