"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";

import type { ChatItem } from "@/hooks/chat-state";
import { onDeepLink, parseDeepLink } from "@/lib/deep-links";

/** How long a message opened from a link stays highlighted. */
export const HIGHLIGHT_MS = 2500;

/**
 * The chat's side of deep links (`?tab=chat&message=<id>`): read once from
 * the URL on load and on every `openDeepLink` after. Once the history has
 * loaded, a message already held is highlighted at once; otherwise `jumpTo`
 * loads older history until it is (or says it is gone, which a toast tells).
 * Returns the id to highlight (cleared after HIGHLIGHT_MS) and `jump`, which
 * does the same for a message opened inside the chat.
 */
export function useMessageDeepLink({
  items,
  ready,
  jumpTo,
}: {
  items: readonly ChatItem[];
  /** The first page of history has loaded. */
  ready: boolean;
  jumpTo?: (messageId: string) => Promise<boolean>;
}): { highlightId: string | null; jump: (messageId: string) => void } {
  const [target, setTarget] = useState<{ id: string; nonce: number } | null>(null);
  const [highlight, setHighlight] = useState<{ id: string; nonce: number } | null>(null);
  const jumping = useRef<number | null>(null);

  useEffect(() => {
    let nonce = 0;
    const open = (id: string) => setTarget({ id, nonce: (nonce += 1) });
    const link = parseDeepLink(window.location.search);
    if (link?.tab === "chat") queueMicrotask(() => open(link.message));
    return onDeepLink((opened) => {
      if (opened.tab === "chat") open(opened.message);
    });
  }, []);

  const held = target ? items.some((item) => item.status === "sent" && item.id === target.id) : false;
  useEffect(() => {
    if (!target || !ready) return;
    if (held) {
      queueMicrotask(() => {
        setHighlight(target);
        setTarget(null);
      });
      return;
    }
    if (!jumpTo || jumping.current === target.nonce) return;
    jumping.current = target.nonce;
    jumpTo(target.id)
      .then((found) => {
        if (!found) {
          toast.info("That message is no longer in the chat.");
          setTarget(null);
        }
        // Found: the message is held now, and the effect runs again to highlight it.
      })
      .catch(() => {
        toast.error("Could not load that message. Try again in a moment.");
        setTarget(null);
      });
  }, [target, ready, held, jumpTo]);

  useEffect(() => {
    if (!highlight) return;
    const timer = setTimeout(() => setHighlight(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlight]);

  /** Brings a message into view and highlights it, as a link would (a reply's quote, a pin). */
  const jump = useCallback((messageId: string) => setTarget({ id: messageId, nonce: Date.now() + Math.random() }), []);

  return { highlightId: highlight?.id ?? null, jump };
}
