import type { Ref } from "react";

import type { Entry } from "@/lib/schemas";
import { cn } from "@/lib/utils";

import { LeaderboardRow } from "./leaderboard-row";

export interface SinceLookup {
  /** "Today", "This week"… shown before the movement. */
  label: string;
  /** Rank change over the period for one athlete (null: new in it), undefined when unknown. */
  change: (entry: Entry) => number | null | undefined;
}

/** The column headers; `hidden` keeps them for screen readers only (the pinned "your position" table). */
export function BoardHead({ hidden }: { hidden?: boolean }) {
  const th = "py-2 text-xs font-semibold tracking-wide text-muted-foreground uppercase";
  return (
    <thead className={cn(hidden ? "sr-only" : "sticky top-0 z-20 bg-muted")}>
      {/* A fixed height, so your own row can stick just below it (top-9). */}
      <tr className="h-9">
        <th scope="col" className={cn(th, "pr-1 pl-2 text-right sm:pl-4")}>
          {/* "#" where "Rank" would not fit; the header's name stays "Rank". */}
          <span aria-hidden className="min-[360px]:hidden">
            #
          </span>
          <span className="max-[359px]:sr-only">Rank</span>
        </th>
        <th scope="col" className={cn(th, "px-2 text-left sm:px-3")}>
          Athlete
        </th>
        <th scope="col" className={cn(th, "pr-2 text-right sm:pr-3")}>
          Points
        </th>
        <th scope="col" className={cn(th, "pr-2 text-left sm:pr-4")}>
          Movement
        </th>
      </tr>
    </thead>
  );
}

/** A leaderboard table: column headers, then one row per athlete. */
export function BoardTable({
  label,
  rows,
  rankRows,
  ownId,
  highlighted,
  since,
  pinned,
  bodyRef,
}: {
  label: string;
  rows: readonly Entry[];
  /** The rows ties are counted among (the whole loaded board, even when `rows` is filtered). */
  rankRows: readonly Entry[];
  ownId: string | undefined;
  highlighted: string | null;
  since?: SinceLookup;
  pinned?: boolean;
  bodyRef?: Ref<HTMLTableSectionElement>;
}) {
  return (
    <table aria-label={label} className="w-full table-fixed border-collapse">
      {/* Shares of the width on a phone, so the fixed columns can never add up to more than the screen. */}
      <colgroup>
        <col className="w-[13%] sm:w-14" />
        <col />
        <col className="w-[26%] sm:w-28" />
        <col className="w-[29%] sm:w-44" />
      </colgroup>
      <BoardHead hidden={pinned} />
      <tbody ref={bodyRef} className="relative">
        {rows.map((row) => {
          const change = since?.change(row);
          return (
            <LeaderboardRow
              key={row.userId}
              entry={row}
              rows={rankRows}
              own={row.userId === ownId}
              pinned={pinned}
              highlighted={highlighted === row.userId}
              since={since && change !== undefined ? { label: since.label, change } : undefined}
            />
          );
        })}
      </tbody>
    </table>
  );
}
