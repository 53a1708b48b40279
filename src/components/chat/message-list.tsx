"use client";

import { ArrowDown, Loader2, MessagesSquare } from "lucide-react";
import { useEffect, useLayoutEffect, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import type { ChatItem } from "@/hooks/chat-state";

import { MessageItem } from "./message-item";

const NEAR_EDGE_PX = 48;

const keyOf = (item: ChatItem) => (item.status === "sent" ? item.id : `pending-${item.clientMessageId}`);

/**
 * The scrolling history. Follows new messages while you are at the bottom;
 * when you have scrolled up it offers a "new messages" button instead of
 * yanking you back. Scrolling to the top loads older history. It reports
 * whether you are at the bottom (`onFollowChange`), which decides how much
 * history the page keeps in memory.
 */
export function MessageList({
  items,
  currentUserId,
  loading,
  hasOlder,
  hasNewer = false,
  loadingOlder,
  onLoadOlder,
  onRetry,
  onFollowChange,
}: {
  items: ChatItem[];
  currentUserId: string | undefined;
  loading: boolean;
  hasOlder: boolean;
  /** The newest messages were dropped while you read history: they come back when you return. */
  hasNewer?: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  onRetry: (clientMessageId: string) => void;
  onFollowChange?: (following: boolean) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previous = useRef<{ firstKey?: string; firstTop: number; lastKey?: string }>({ firstTop: 0 });
  const [unseen, setUnseen] = useState(0);

  const firstKey = items[0] ? keyOf(items[0]) : undefined;
  const last = items.at(-1);
  const lastKey = last ? keyOf(last) : undefined;

  // Keep the view steady: stick to the bottom, or hold position when older messages arrive on top.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const before = previous.current;
    const itemAt = (key: string | undefined) =>
      key ? element.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`) : null;
    // The old first message is still shown but no longer first: older ones came in above it.
    const anchor = before.firstKey && firstKey !== before.firstKey ? itemAt(before.firstKey) : null;
    if (anchor) element.scrollTop += anchor.offsetTop - before.firstTop;
    // A new last message is an arrival, unless the newest were dropped while reading history.
    if (lastKey !== before.lastKey && !hasNewer && !anchor) {
      const mine = last?.userId === currentUserId && last?.status !== "sent";
      if (atBottom.current || mine || !before.lastKey) {
        element.scrollTop = element.scrollHeight;
      } else {
        queueMicrotask(() => setUnseen((count) => count + 1));
      }
    }
    previous.current = { firstKey, firstTop: itemAt(firstKey)?.offsetTop ?? 0, lastKey };
  }, [firstKey, lastKey, last, currentUserId, hasNewer]);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => {
      const bottom = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_EDGE_PX;
      if (bottom !== atBottom.current) onFollowChange?.(bottom);
      atBottom.current = bottom;
      if (bottom) setUnseen(0);
      if (element.scrollTop < NEAR_EDGE_PX && hasOlder && !loadingOlder) onLoadOlder();
    };
    element.addEventListener("scroll", onScroll, { passive: true });
    return () => element.removeEventListener("scroll", onScroll);
  }, [hasOlder, loadingOlder, onLoadOlder, onFollowChange]);

  function jumpToLatest() {
    const element = scroller.current;
    if (element) element.scrollTo({ top: element.scrollHeight, behavior: "smooth" });
    setUnseen(0);
  }

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        className="h-full overflow-y-auto px-4 py-3"
        role="log"
        aria-label="Chat history"
        aria-live="polite"
        aria-busy={loading}
        tabIndex={0}
      >
        {hasOlder && (
          <div className="mb-3 flex justify-center">
            <Button variant="ghost" size="sm" onClick={onLoadOlder} disabled={loadingOlder}>
              {loadingOlder ? <Loader2 aria-hidden className="size-4 animate-spin" /> : null}
              {loadingOlder ? "Loading older messages…" : "Load older messages"}
            </Button>
          </div>
        )}
        {loading ? (
          <p className="flex h-full items-center justify-center gap-2 text-sm text-muted-foreground">
            <Loader2 aria-hidden className="size-4 animate-spin" /> Loading messages…
          </p>
        ) : items.length === 0 ? (
          <div className="flex h-full flex-col items-center justify-center gap-2 text-center text-muted-foreground">
            <MessagesSquare aria-hidden className="size-8" />
            <p className="text-sm font-medium">No messages yet</p>
            <p className="text-xs">Say hello to your team — messages appear here live.</p>
          </div>
        ) : (
          <ol className="flex flex-col gap-3">
            {items.map((item) => (
              <MessageItem key={keyOf(item)} itemKey={keyOf(item)} item={item} own={item.userId === currentUserId} onRetry={onRetry} />
            ))}
          </ol>
        )}
      </div>
      {unseen > 0 && (
        <Button size="sm" className="absolute bottom-3 left-1/2 -translate-x-1/2 shadow-md" onClick={jumpToLatest}>
          <ArrowDown aria-hidden className="size-4" />
          {unseen === 1 ? "1 new message" : `${unseen} new messages`}
        </Button>
      )}
    </div>
  );
}
