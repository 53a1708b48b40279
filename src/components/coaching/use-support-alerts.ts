"use client";

import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { toast } from "sonner";

import type { ChatMessage, SessionUser } from "@/lib/schemas";

function subscribeVisibility(onChange: () => void) {
  document.addEventListener("visibilitychange", onChange);
  return () => document.removeEventListener("visibilitychange", onChange);
}

/** Whether the page is visible (server: assume it is). */
export function usePageVisible(): boolean {
  return useSyncExternalStore(
    subscribeVisibility,
    () => document.visibilityState === "visible",
    () => true,
  );
}

/**
 * Coaches are the support agents: an athlete's message that arrives while
 * the chat is out of view (another tab, or the page hidden) raises the
 * unread count, a toast and — when allowed — a browser notification.
 * Reading the chat clears the count.
 */
export function useSupportAlerts(user: SessionUser | null, chatInView: boolean) {
  const visible = usePageVisible();
  const [unread, setUnread] = useState(0);
  const reading = chatInView && visible;

  useEffect(() => {
    if (reading) queueMicrotask(() => setUnread(0));
  }, [reading]);

  const onIncoming = useCallback(
    (message: ChatMessage) => {
      if (user?.role !== "coach" || reading) return;
      setUnread((count) => count + 1);
      toast(`${message.user}: ${message.message.slice(0, 120)}`, { description: "New message in Chat" });
      if (!visible && "Notification" in window && Notification.permission === "granted") {
        new Notification(`${message.user} wrote in CoachPro`, { body: message.message.slice(0, 200), tag: "coachpro-chat" });
      }
    },
    [user?.role, reading, visible],
  );

  return { unread, onIncoming };
}
