"use client";

import { Activity, Gauge, MessagesSquare, Trophy } from "lucide-react";
import { useState } from "react";

import { ActivityPanel } from "@/components/activity/activity-panel";
import { ChatPanel } from "@/components/chat/chat-panel";
import { LeaderboardPanel } from "@/components/leaderboard/leaderboard-panel";
import { MonitorPanel } from "@/components/monitor/monitor-panel";
import { useSession } from "@/providers/session-provider";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useChat, useLeaderboard, usePresence } from "@/hooks/use-pusher";
import { tabsFor, type CoachingTab } from "@/lib/tabs";

import { useScoreToasts } from "./use-score-toasts";
import { useSupportAlerts } from "./use-support-alerts";

/**
 * The tabbed coaching page. The chosen tab lives in the URL (`?tab=`), so a
 * link opens it and a reload keeps it. The chat lives here, above the tabs,
 * so it keeps up (and counts unread messages) while another tab is open.
 */
export function CoachingTabs({ initialTab }: { initialTab: CoachingTab }) {
  const user = useSession();
  const [tab, setTab] = useState<CoachingTab>(initialTab);
  const alerts = useSupportAlerts(user, tab === "chat");
  const chat = useChat({ onIncoming: alerts.onIncoming });
  const board = useLeaderboard(useScoreToasts());
  // Held here, above the tabs: you count as online while the page is open, whichever tab shows.
  const online = usePresence();

  function select(value: string) {
    const next = tabsFor(user?.role).find((candidate) => candidate === value);
    if (!next) return;
    setTab(next);
    const url = new URL(window.location.href);
    url.searchParams.set("tab", next);
    window.history.replaceState(window.history.state, "", url);
  }

  return (
    <Tabs value={tab} onValueChange={select}>
      <TabsList aria-label="Coaching views">
        <TabsTrigger value="chat">
          <MessagesSquare aria-hidden className="size-4" />
          Chat
          {alerts.unread > 0 && (
            <span className="rounded-full bg-rose-600 px-1.5 text-xs font-semibold text-white" aria-label={`${alerts.unread} unread`}>
              {alerts.unread}
            </span>
          )}
        </TabsTrigger>
        <TabsTrigger value="leaderboard">
          <Trophy aria-hidden className="size-4" />
          Leaderboard
        </TabsTrigger>
        <TabsTrigger value="activity">
          <Activity aria-hidden className="size-4" />
          Activity
        </TabsTrigger>
        {user?.role === "coach" && (
          <TabsTrigger value="monitor">
            <Gauge aria-hidden className="size-4" />
            Monitor
          </TabsTrigger>
        )}
      </TabsList>
      <TabsContent value="chat" className="overflow-hidden border border-slate-200 bg-white">
        <ChatPanel chat={chat} online={online} />
      </TabsContent>
      <TabsContent value="leaderboard" className="overflow-hidden border border-slate-200 bg-white">
        <LeaderboardPanel board={board} online={online} />
      </TabsContent>
      <TabsContent value="activity" className="overflow-hidden border border-slate-200 bg-white">
        <ActivityPanel />
      </TabsContent>
      {user?.role === "coach" && (
        <TabsContent value="monitor" className="overflow-hidden border border-slate-200 bg-white">
          <MonitorPanel />
        </TabsContent>
      )}
    </Tabs>
  );
}
