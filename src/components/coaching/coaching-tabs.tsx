"use client";

import { Activity, MessagesSquare, Trophy, type LucideIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useState } from "react";

import { ChatPanel } from "@/components/chat/chat-panel";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useChat, useLeaderboard, usePresence } from "@/hooks/use-pusher";
import { onDeepLink } from "@/lib/deep-links";
import { clearJoined, justJoined } from "@/lib/join-focus";
import { onOpenTab } from "@/lib/notice-links";
import { tabsFor, type CoachingTab } from "@/lib/tabs";
import "@/providers/pusher-eager";
import { useSession } from "@/providers/session-provider";

import { PanelLoading } from "./panel-loading";
import { useSupportAlerts } from "./use-support-alerts";

// One tab's code loads when that tab is first shown (the chat, the usual first tab, comes with the page).
const LeaderboardPanel = dynamic(() => import("@/components/leaderboard/leaderboard-panel").then((m) => m.LeaderboardPanel), {
  loading: () => <PanelLoading label="Loading the leaderboard…" />,
});
const ActivityPanel = dynamic(() => import("@/components/activity/activity-panel").then((m) => m.ActivityPanel), {
  loading: () => <PanelLoading label="Loading activity…" />,
});

const LABELS: Record<CoachingTab, { label: string; Icon: LucideIcon }> = {
  chat: { label: "Chat", Icon: MessagesSquare },
  leaderboard: { label: "Leaderboard", Icon: Trophy },
  activity: { label: "Activity", Icon: Activity },
};

const panelClass = "overflow-hidden rounded-xl border border-border bg-card";

/**
 * The tabbed coaching page. The chosen tab lives in the URL (`?tab=`), so a
 * link opens it and a reload keeps it. The chat lives here, above the tabs,
 * so it keeps up (and counts unread messages) while another tab is open.
 * On phones the tabs are a bottom navigation bar.
 */
export function CoachingTabs({ initialTab }: { initialTab: CoachingTab }) {
  const user = useSession();
  const [tab, setTab] = useState<CoachingTab>(initialTab);
  const [focusAfterJoin] = useState(justJoined);
  const alerts = useSupportAlerts(user, tab === "chat");
  const chat = useChat({ onIncoming: alerts.onIncoming });
  // Score changes are seen on the board (and the rank announcer); the athlete awarded gets a notice (the bell).
  const board = useLeaderboard();
  // Held here, above the tabs: you count as online while the page is open, whichever tab shows.
  const online = usePresence();

  useEffect(() => {
    clearJoined();
    if (focusAfterJoin && initialTab !== "chat") document.getElementById("main")?.focus();
  }, [focusAfterJoin, initialTab]);

  /** Shows a tab the person may see; false for any other name. */
  const show = useCallback(
    (value: string) => {
      const next = tabsFor(user?.role).find((candidate) => candidate === value);
      if (next) setTab(next);
      return Boolean(next);
    },
    [user?.role],
  );

  // A notice (or any deep link) opened on this page: its tab comes to the front; the panel finds the target.
  useEffect(() => {
    const stopLinks = onDeepLink((link) => show(link.tab));
    const stopTabs = onOpenTab(show);
    return () => {
      stopLinks();
      stopTabs();
    };
  }, [show]);

  function select(value: string) {
    if (!show(value)) return;
    const url = new URL(window.location.href);
    // Choosing a tab by hand leaves the target a link named behind (a reload opens the tab, not the old target).
    url.search = `?tab=${value}`;
    window.history.replaceState(window.history.state, "", url);
  }

  return (
    <Tabs value={tab} onValueChange={select}>
      <h1 className="sr-only">Your team: {LABELS[tab].label}</h1>
      <TabsList
        aria-label="Coaching views"
        className="fixed inset-x-0 bottom-0 z-30 flex border-t border-border bg-card pr-[env(safe-area-inset-right)] pb-[env(safe-area-inset-bottom)] pl-[env(safe-area-inset-left)] sm:static sm:inline-flex sm:w-fit sm:gap-1 sm:rounded-lg sm:border-0 sm:bg-muted sm:p-1"
      >
        {tabsFor(user?.role).map((value) => {
          const { label, Icon } = LABELS[value];
          const unread = value === "chat" ? alerts.unread : 0;
          return (
            <TabsTrigger
              key={value}
              value={value}
              aria-label={unread > 0 ? `${label}, ${unread} unread` : undefined}
              className="relative flex min-h-14 flex-1 flex-col items-center justify-center gap-0.5 text-xs font-medium text-muted-foreground data-[state=active]:text-primary sm:min-h-0 sm:flex-none sm:pointer-coarse:min-h-11 sm:flex-row sm:gap-2 sm:rounded-md sm:px-4 sm:py-1.5 sm:text-sm sm:data-[state=active]:bg-card sm:data-[state=active]:text-foreground sm:data-[state=active]:shadow-sm"
            >
              <Icon aria-hidden className="size-5 sm:size-4" />
              {label}
              {unread > 0 && (
                <span
                  aria-hidden
                  className="absolute top-1 left-[calc(50%+0.5rem)] rounded-full bg-destructive px-1.5 text-xs font-semibold text-destructive-foreground sm:static"
                >
                  {unread}
                </span>
              )}
            </TabsTrigger>
          );
        })}
      </TabsList>
      <TabsContent value="chat" className={panelClass}>
        <ChatPanel chat={chat} online={online} autoFocus={focusAfterJoin} />
      </TabsContent>
      <TabsContent value="leaderboard" className={panelClass}>
        <LeaderboardPanel board={board} online={online} />
      </TabsContent>
      <TabsContent value="activity" className={panelClass}>
        <ActivityPanel />
      </TabsContent>
    </Tabs>
  );
}
