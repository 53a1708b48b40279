"use client";

import { MessagesSquare, Trophy } from "lucide-react";
import { useState } from "react";

import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { COACHING_TABS, type CoachingTab } from "@/lib/tabs";

/**
 * The tabbed coaching page. The chosen tab lives in the URL (`?tab=`), so a
 * link opens it and a reload keeps it.
 */
export function CoachingTabs({ initialTab }: { initialTab: CoachingTab }) {
  const [tab, setTab] = useState<CoachingTab>(initialTab);

  function select(value: string) {
    const next = COACHING_TABS.find((candidate) => candidate === value);
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
        </TabsTrigger>
        <TabsTrigger value="leaderboard">
          <Trophy aria-hidden className="size-4" />
          Leaderboard
        </TabsTrigger>
      </TabsList>
      <TabsContent value="chat" className="border border-slate-200 bg-white p-6">
        <h2 className="text-lg font-semibold text-slate-900">Team chat</h2>
        <p className="mt-1 text-sm text-slate-600">Messages from coaches and athletes arrive here live.</p>
      </TabsContent>
      <TabsContent value="leaderboard" className="border border-slate-200 bg-white p-6">
        <h2 className="text-lg font-semibold text-slate-900">Leaderboard</h2>
        <p className="mt-1 text-sm text-slate-600">Rankings re-order live as coaches award points.</p>
      </TabsContent>
    </Tabs>
  );
}
