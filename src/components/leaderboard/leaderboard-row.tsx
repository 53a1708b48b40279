import { rankLabel } from "@/hooks/leaderboard-state";
import type { Entry } from "@/lib/schemas";
import { cn } from "@/lib/utils";

import { Movement } from "./movement";

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!].map((w) => [...w][0]) : [...(words[0] ?? "?")].slice(0, 2);
  return letters.join("").toUpperCase();
}

const scoreFormat = new Intl.NumberFormat();

/** One row: rank (ties as "T-2"), initials avatar, name, score, movement. */
export function LeaderboardRow({ entry, rows, own, pinned }: { entry: Entry; rows: readonly Entry[]; own: boolean; pinned?: boolean }) {
  return (
    <li
      data-flip-key={pinned ? undefined : entry.userId}
      aria-current={own ? "true" : undefined}
      aria-label={`${entry.name}, rank ${entry.rank}`}
      className={cn(
        "flex items-center gap-3 border-b border-slate-100 px-4 py-2 last:border-b-0",
        own && "sticky top-0 bottom-0 z-10 bg-indigo-50 ring-1 ring-indigo-200",
        !own && "bg-white",
      )}
    >
      <span className="w-10 text-right text-sm font-semibold text-slate-700 tabular-nums" aria-label={`rank ${rankLabel(entry, rows)}`}>
        {rankLabel(entry, rows)}
      </span>
      <span aria-hidden className="flex size-8 items-center justify-center rounded-full bg-slate-200 text-xs font-bold text-slate-700">
        {initials(entry.name)}
      </span>
      <span className="flex-1 truncate text-sm font-medium">
        {entry.name}
        {own && <span className="ml-2 text-xs font-normal text-indigo-700">(you)</span>}
      </span>
      <span className="w-20 text-right text-sm font-semibold tabular-nums" aria-label={`score ${entry.score}`}>
        {scoreFormat.format(entry.score)}
      </span>
      <Movement entry={entry} />
    </li>
  );
}
