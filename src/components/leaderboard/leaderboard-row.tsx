import { movementLabel, rankLabel } from "@/hooks/leaderboard-state";
import type { Entry } from "@/lib/schemas";
import { cn } from "@/lib/utils";

import { Movement } from "./movement";

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!].map((w) => [...w][0]) : [...(words[0] ?? "?")].slice(0, 2);
  return letters.join("").toUpperCase();
}

const scoreFormat = new Intl.NumberFormat();

/**
 * One row: rank (ties as "T-2"), initials avatar, the full name (wrapping,
 * never cut), score and movement. Its accessible name says all of it in
 * words: "Eve, rank 1, 1,500 points, up 4".
 */
export function LeaderboardRow({ entry, rows, own, pinned }: { entry: Entry; rows: readonly Entry[]; own: boolean; pinned?: boolean }) {
  const rank = rankLabel(entry, rows);
  const score = scoreFormat.format(entry.score);
  return (
    <li
      data-flip-key={pinned ? undefined : entry.userId}
      aria-current={own ? "true" : undefined}
      aria-label={`${entry.name}${own ? " (you)" : ""}, rank ${rank}, ${score} points, ${movementLabel(entry)}`}
      className={cn(
        "flex items-center gap-2 border-b border-border px-3 py-2 last:border-b-0 sm:gap-3 sm:px-4",
        own ? "sticky top-0 bottom-0 z-10 bg-accent ring-1 ring-primary/40" : "bg-card",
      )}
    >
      <span className="w-9 shrink-0 text-right text-sm font-semibold text-foreground tabular-nums sm:w-10">{rank}</span>
      <span aria-hidden className="hidden size-8 shrink-0 items-center justify-center rounded-full bg-muted text-xs font-bold text-foreground min-[360px]:flex">
        {initials(entry.name)}
      </span>
      <span className="min-w-0 flex-1 text-sm font-medium break-words">
        {entry.name}
        {own && <span className="ml-2 text-xs font-normal text-accent-foreground">(you)</span>}
      </span>
      <span className="shrink-0 text-right text-sm font-semibold tabular-nums sm:w-20">{score}</span>
      <Movement entry={entry} />
    </li>
  );
}
