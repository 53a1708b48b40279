"use client";

import { SearchX, Trophy } from "lucide-react";
import dynamic from "next/dynamic";
import { useEffect, useMemo, useRef, useState } from "react";

import { PanelLoading } from "@/components/coaching/panel-loading";
import { Button } from "@/components/ui/button";
import type { OnlineMember, useLeaderboard } from "@/hooks/use-pusher";
import { onDeepLink, parseDeepLink } from "@/lib/deep-links";
import { useSession } from "@/providers/session-provider";

import type { AthleteOption } from "./award-points-form";
import { BoardTable } from "./board-table";
import { BoardToolbar } from "./board-toolbar";
import { matchesName } from "./name-search";
import { Podium } from "./podium";
import { RankAnnouncer } from "./rank-announcer";
import { useFlip } from "./use-flip";
import { useRowJump } from "./use-row-jump";

// Only coaches award points: athletes never download the form.
const AwardPointsForm = dynamic(() => import("./award-points-form").then((m) => m.AwardPointsForm), {
  loading: () => <PanelLoading label="Loading the award form…" />,
});

/**
 * The leaderboard tab: a podium for the top three, the live table (search
 * by name, jump to your own row, deep links to an athlete's row), your own
 * row always in sight, and the coach's award form.
 */
export function LeaderboardPanel({ board, online }: { board: ReturnType<typeof useLeaderboard>; online: OnlineMember[] }) {
  const user = useSession();
  const { leaderboard: rows, me } = board;
  const [query, setQuery] = useState("");
  const section = useRef<HTMLElement>(null);
  const visible = useMemo(() => (query.trim() ? rows.filter((row) => matchesName(row.name, query)) : rows), [rows, query]);
  const list = useFlip<HTMLTableSectionElement>(visible.map((row) => `${row.userId}:${row.rank}`).join(","));
  const ownShown = visible.some((row) => row.userId === user?.id);
  const { jump, highlighted } = useRowJump(section, `${visible.length}:${board.version}:${me?.userId}`);

  /** Jumps to an athlete's row, clearing a search that hides it. */
  const jumpTo = useRef((userId: string) => {
    setQuery("");
    jump(userId);
  });

  // Deep links: `?tab=leaderboard&athlete=` on load, and every link opened in-page after.
  useEffect(() => {
    const link = parseDeepLink(window.location.search);
    if (link?.tab === "leaderboard") jumpTo.current(link.athlete);
    return onDeepLink((opened) => {
      if (opened.tab === "leaderboard") jumpTo.current(opened.athlete);
    });
  }, []);

  const athletes = useMemo<AthleteOption[]>(() => {
    const options = new Map<string, AthleteOption>();
    for (const row of rows) options.set(row.userId, { userId: row.userId, name: row.name, ranked: true });
    for (const member of online) {
      if (member.role === "athlete" && !options.has(member.id)) options.set(member.id, { userId: member.id, name: member.name, ranked: false });
    }
    return [...options.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [rows, online]);

  return (
    <section ref={section} aria-label="Leaderboard" className="flex flex-col">
      <header className="flex items-center justify-between border-b border-border px-4 py-2">
        <h2 className="text-base font-semibold">Leaderboard</h2>
        <p className="text-xs text-muted-foreground">
          {board.total} {board.total === 1 ? "athlete" : "athletes"}
        </p>
      </header>
      {user?.role === "coach" && <AwardPointsForm athletes={athletes} updateScore={board.updateScore} />}
      {board.error && (
        <p role="alert" className="bg-warning px-4 py-1.5 text-sm text-warning-foreground">
          {board.error}
        </p>
      )}
      <RankAnnouncer rows={rows} />
      {board.loading ? (
        <PanelLoading label="Loading the leaderboard…" />
      ) : rows.length === 0 ? (
        <div className="flex flex-col items-center gap-2 py-10 text-center text-muted-foreground">
          <Trophy aria-hidden className="size-8" />
          <p className="text-sm font-medium">No scores yet</p>
          <p className="text-xs">Rankings appear here as soon as a coach awards points.</p>
        </div>
      ) : (
        <>
          {!query.trim() && <Podium rows={rows} ownId={user?.id} />}
          <BoardToolbar query={query} onQuery={setQuery} canJump={Boolean(me)} onJumpToMe={user?.role === "athlete" ? () => me && jumpTo.current(me.userId) : undefined} />
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
              aria-label="Rankings, scrollable"
              className="max-h-[min(60dvh,560px)] overflow-y-auto outline-none focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring"
            >
              <BoardTable label="Rankings" rows={visible} rankRows={rows} ownId={user?.id} highlighted={highlighted} bodyRef={list} />
            </div>
          )}
        </>
      )}
      {me && !ownShown && !board.loading && (
        <div className="border-t-2 border-primary/40">
          <BoardTable label="Your position" rows={[me]} rankRows={[me]} ownId={user?.id} highlighted={highlighted} pinned />
        </div>
      )}
    </section>
  );
}
