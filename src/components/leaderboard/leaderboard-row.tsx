import { rankLabel } from "@/hooks/leaderboard-state";
import type { Entry } from "@/lib/schemas";
import { cn } from "@/lib/utils";

import { Movement } from "./movement";
import { Points } from "./points";

/** Two letters for an avatar: first and last word ("Ana Maria Lopez" → "AL"), or the first two letters of one word. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!].map((w) => [...w][0]) : [...(words[0] ?? "?")].slice(0, 2);
  return letters.join("").toUpperCase();
}

/** The `data-athlete` value a row carries, so a jump (to me, from a deep link) can find it. */
export const rowSelector = (userId: string) => `[data-athlete="${CSS.escape(userId)}"]`;

/**
 * One table row: rank (ties as "T-2"), the athlete (a row header, so each
 * cell is read with the name and its column), points with their unit and
 * movement. `highlighted` marks the row a jump landed on.
 */
export function LeaderboardRow({
  entry,
  rows,
  own,
  pinned,
  highlighted,
  since,
}: {
  entry: Entry;
  rows: readonly Entry[];
  own: boolean;
  pinned?: boolean;
  highlighted?: boolean;
  /** Rank change over the period the viewer picked (undefined: that period's baseline is not known). */
  since?: { label: string; change: number | null };
}) {
  return (
    <tr
      data-flip-key={pinned ? undefined : entry.userId}
      data-athlete={entry.userId}
      data-highlighted={highlighted ? "true" : undefined}
      aria-current={own ? "true" : undefined}
      className={cn(
        "border-b border-border last:border-b-0 motion-safe:transition-colors motion-safe:duration-700",
        own ? "sticky top-9 bottom-0 z-10 bg-accent ring-1 ring-primary/40" : "bg-card",
        highlighted && "bg-warning text-warning-foreground ring-2 ring-warning-border ring-inset",
      )}
    >
      <td className="py-2 pr-1 pl-2 text-right text-sm font-semibold tabular-nums sm:pl-4">{rankLabel(entry, rows)}</td>
      <th scope="row" className="py-2 pr-1 pl-2 text-left font-normal sm:px-3">
        <span className="flex items-center gap-2 sm:gap-3">
          <span aria-hidden className="hidden size-8 shrink-0 items-center justify-center rounded-full bg-muted text-xs font-bold text-foreground min-[360px]:flex">
            {initials(entry.name)}
          </span>
          <span className="min-w-0 text-sm font-medium break-words">
            {entry.name}
            {own && <span className="ml-2 text-xs font-normal">(you)</span>}
          </span>
        </span>
      </th>
      <td className="py-2 pr-2 text-right text-sm font-semibold whitespace-nowrap sm:pr-3">
        <Points value={entry.score} />
      </td>
      <td className="py-2 pr-2 sm:pr-4">
        <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
          <Movement entry={entry} />
          {since && <Movement entry={{ change: since.change }} prefix={since.label} />}
        </span>
      </td>
    </tr>
  );
}
