"use client";

import { useCallback, useEffect, useState, useSyncExternalStore } from "react";

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
 * the chat is out of view (another tab, or the page hidden) raises the chat
 * tab's unread count; reading the chat clears it. A count on the tab, not a
 * notification: the person hears about a message through a notice only when
 * it mentions them (the bell).
 */
export function useSupportAlerts(user: SessionUser | null, chatInView: boolean) {
  const visible = usePageVisible();
  const [unread, setUnread] = useState(0);
  const reading = chatInView && visible;

  useEffect(() => {
    if (reading) queueMicrotask(() => setUnread(0));
  }, [reading]);

  const onIncoming = useCallback(
    (_message: ChatMessage) => {
      if (user?.role !== "coach" || reading) return;
      setUnread((count) => count + 1);
    },
    [user?.role, reading],
  );

  return { unread, onIncoming };
}
