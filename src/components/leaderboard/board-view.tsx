"use client";

import { SearchX, Trophy, X } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

import { PanelLoading } from "@/components/coaching/panel-loading";
import { Button } from "@/components/ui/button";
import type { Entry, LeaderboardWindow } from "@/lib/schemas";
import { onDeepLink, parseDeepLink } from "@/lib/deep-links";
import { useSession } from "@/providers/session-provider";

import { BoardTable, type SinceLookup } from "./board-table";
import { BoardToolbar } from "./board-toolbar";
import { matchesName } from "./name-search";
import { Podium } from "./podium";
import { RankAnnouncer } from "./rank-announcer";
import { useAround } from "./use-around";
import { useFlip } from "./use-flip";
import { useRowJump } from "./use-row-jump";

/** What a board view needs of useLeaderboard (any window, the team's or a class's). */
export interface BoardData {
  leaderboard: Entry[];
  me: Entry | null;
  total: number;
  version: number;
  loading: boolean;
  error: string | null;
}

/**
 * One board: a podium for the top three, the live table (search by name,
 * jump to your own row, deep links to an athlete's row), and your own row
 * always in sight. `toolbar` adds controls beside the search.
 */
export function BoardView({
  board,
  source = {},
  label = "Rankings",
  since,
  toolbar,
  followDeepLinks,
  empty = "Rankings appear here as soon as a coach awards points.",
}: {
  board: BoardData;
  /** Which board this is, for fetching the rows around an athlete below the top rows. */
  source?: { window?: LeaderboardWindow; classId?: string };
  label?: string;
  since?: SinceLookup;
  toolbar?: ReactNode;
  /** Jump to the row a `?tab=leaderboard&athlete=` link names (the team board on the coaching page). */
  followDeepLinks?: boolean;
  empty?: string;
}) {
  const user = useSession();
  const { leaderboard: rows, me } = board;
  const [query, setQuery] = useState("");
  const root = useRef<HTMLDivElement>(null);
  const visible = useMemo(() => (query.trim() ? rows.filter((row) => matchesName(row.name, query)) : rows), [rows, query]);
  const list = useFlip<HTMLTableSectionElement>(visible.map((row) => `${row.userId}:${row.rank}`).join(","));
  const nearby = useAround({ ...source, version: board.version });
  // Rows around an athlete below the top rows, when a jump asked for them (those already shown left out).
  const aroundRows = useMemo(() => {
    const shown = new Set(rows.map((row) => row.userId));
    return nearby.around?.rows.filter((row) => !shown.has(row.userId)) ?? [];
  }, [nearby.around, rows]);
  const ownShown = visible.some((row) => row.userId === user?.id) || aroundRows.some((row) => row.userId === user?.id);
  const { jump, highlighted, pending, cancel } = useRowJump(root, `${visible.length}:${board.version}:${me?.userId}:${board.loading}:${aroundRows.length}`);

  /** Jumps to an athlete's row, clearing a search that hides it. */
  const jumpTo = useCallback(
    (userId: string) => {
      setQuery("");
      jump(userId);
    },
    [jump],
  );

  const jumpRef = useRef(jumpTo);
  useEffect(() => {
    jumpRef.current = jumpTo;
  });

  // A jump to a row not loaded (below the top rows): fetch the rows around it, or give up when it is not on the board.
  const { load: loadAround } = nearby;
  useEffect(() => {
    if (!pending || board.loading) return;
    if (nearby.error) return cancel();
    const known = rows.some((row) => row.userId === pending) || me?.userId === pending;
    if (!known) loadAround(pending);
  }, [pending, board.loading, rows, me, nearby.error, loadAround, cancel]);

  // Deep links: `?tab=leaderboard&athlete=` on load, and every link opened in-page after.
  useEffect(() => {
    if (!followDeepLinks) return;
    const link = parseDeepLink(window.location.search);
    if (link?.tab === "leaderboard") jumpRef.current(link.athlete);
    return onDeepLink((opened) => {
      if (opened.tab === "leaderboard") jumpRef.current(opened.athlete);
    });
  }, [followDeepLinks]);

  return (
    <div ref={root} className="flex flex-col">
      {board.error && (
        <p role="alert" className="bg-warning px-4 py-1.5 text-sm text-warning-foreground">
          {board.error}
        </p>
      )}
      <RankAnnouncer rows={rows} />
      {board.loading ? (
        <PanelLoading label="Loading the leaderboard…" />
      ) : rows.length === 0 ? (
        <>
          {toolbar && <div className="flex flex-wrap items-end gap-2 border-b border-border px-3 py-2 sm:px-4">{toolbar}</div>}
          <div className="flex flex-col items-center gap-2 py-10 text-center text-muted-foreground">
            <Trophy aria-hidden className="size-8" />
            <p className="text-sm font-medium">No scores yet</p>
            <p className="text-xs">{empty}</p>
          </div>
        </>
      ) : (
        <>
          {!query.trim() && <Podium rows={rows} ownId={user?.id} />}
          <BoardToolbar
            query={query}
            onQuery={setQuery}
            canJump={Boolean(me)}
            onJumpToMe={user?.role === "athlete" ? () => me && jumpTo(me.userId) : undefined}
          >
            {toolbar}
          </BoardToolbar>
          <p aria-live="polite" className="sr-only">
            {query.trim() ? `${visible.length} of ${rows.length} athletes shown` : ""}
          </p>
          {visible.length === 0 ? (
            <div className="flex flex-col items-center gap-2 py-10 text-center text-muted-foreground">
              <SearchX aria-hidden className="size-8" />
              <p className="text-sm font-medium">No athlete matches “{query.trim()}”</p>
              <Button variant="outline" size="sm" onClick={() => setQuery("")}>
                Clear search
              </Button>
            </div>
          ) : (
            // Focusable, so a keyboard reaches every row even where browsers do not focus scroll boxes themselves.
            <div
              tabIndex={0}
              role="region"
              aria-label={`${label}, scrollable`}
              className="max-h-[min(60dvh,560px)] overflow-y-auto outline-none focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring"
            >
              <BoardTable label={label} rows={visible} rankRows={rows} ownId={user?.id} highlighted={highlighted} since={since} bodyRef={list} />
            </div>
          )}
        </>
      )}
      {nearby.error && (
        <p role="alert" className="border-t border-border px-4 py-2 text-sm text-destructive">
          {nearby.error}
        </p>
      )}
      {aroundRows.length > 0 && !board.loading && (
        <div className="border-t-2 border-border">
          <div className="flex items-center justify-between px-4 py-1">
            <p className="text-xs font-medium text-muted-foreground">Further down the board</p>
            <Button variant="ghost" size="xs" onClick={nearby.clear}>
              <X aria-hidden className="size-3.5" />
              Hide
            </Button>
          </div>
          <BoardTable label="Further down" rows={aroundRows} rankRows={aroundRows} ownId={user?.id} highlighted={highlighted} since={since} pinned />
        </div>
      )}
      {me && !ownShown && !board.loading && (
        <div className="border-t-2 border-primary/40">
          <BoardTable label="Your position" rows={[me]} rankRows={[me]} ownId={user?.id} highlighted={highlighted} since={since} pinned />
        </div>
      )}
    </div>
  );
}
