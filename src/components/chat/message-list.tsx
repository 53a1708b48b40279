"use client";

import { ArrowDown, Loader2, MessagesSquare } from "lucide-react";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import type { ChatItem } from "@/hooks/chat-state";

import { buildRows, keyOf } from "./chat-rows";
import { MessageItem, type MessageView } from "./message-item";

const NEAR_EDGE_PX = 48;

/** What a message shows besides its text (issue 16's reactions, replies, edits...), from the panel. */
export interface MessageParts {
  before?: ReactNode;
  extra?: ReactNode;
  actions?: ReactNode;
  body?: ReactNode;
}

/**
 * The scrolling history: day separators, groups, and the "New messages"
 * line. Follows new messages while you are at the bottom; when you have
 * scrolled up it offers a "new messages" button instead of yanking you back.
 * On the first load with unread messages it opens at the line, not the
 * bottom. Scrolling to the top loads older history. It reports whether you
 * are at the bottom (`onFollowChange`), which decides how much history the
 * page keeps in memory.
 */
export function MessageList({
  items,
  view,
  loading,
  hasOlder,
  hasNewer = false,
  loadingOlder,
  onLoadOlder,
  onRetry,
  onFollowChange,
  unreadAfterSeq,
  highlightId,
  partsOf,
  onSeen,
}: {
  items: ChatItem[];
  view: MessageView;
  loading: boolean;
  hasOlder: boolean;
  /** The newest messages were dropped while you read history: they come back when you return. */
  hasNewer?: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  onRetry: (clientMessageId: string) => void;
  onFollowChange?: (following: boolean) => void;
  /** Your read position when you came: the "New messages" line goes before the first message from someone else past it. */
  unreadAfterSeq?: number;
  /** A message opened from a link: shown highlighted. */
  highlightId?: string | null;
  partsOf?: (item: ChatItem, row: { groupStart: boolean; groupEnd: boolean }) => MessageParts;
  /** The reader is at the newest messages, up to this seq (for the read position). */
  onSeen?: (seq: number) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previous = useRef<{ firstKey?: string; firstTop: number; lastKey?: string }>({ firstTop: 0 });
  const [unseen, setUnseen] = useState(0);
  const rows = useMemo(
    () => buildRows(items, { now: view.now, unreadAfterSeq, currentUserId: view.currentUserId }),
    [items, view.now, unreadAfterSeq, view.currentUserId],
  );
  const { currentUserId } = view;

  const lastSentSeq = newestSeq(items);
  const seen = useRef({ onSeen, lastSentSeq });
  useEffect(() => {
    seen.current = { onSeen, lastSentSeq };
  });
  const reportSeen = useCallback(() => {
    const { onSeen: report, lastSentSeq: seq } = seen.current;
    if (report && seq > 0 && atBottom.current) report(seq);
  }, []);

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
      const line = !before.lastKey ? element.querySelector<HTMLElement>("[data-slot=unread-line]") : null;
      if (line && element.scrollHeight - line.offsetTop > element.clientHeight) {
        // Back with more unread than fits: start at the line, not the bottom (and not read yet).
        element.scrollTop = Math.max(0, line.offsetTop - 8);
        atBottom.current = false;
      } else if (atBottom.current || mine || !before.lastKey) {
        element.scrollTop = element.scrollHeight;
      } else {
        queueMicrotask(() => setUnseen((count) => count + 1));
      }
    }
    previous.current = { firstKey, firstTop: itemAt(firstKey)?.offsetTop ?? 0, lastKey };
  }, [firstKey, lastKey, last, currentUserId, hasNewer]);

  // At the newest messages: they count as read (now, on each arrival, and when the page is shown again).
  useEffect(() => {
    reportSeen();
  }, [lastSentSeq, reportSeen]);
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") reportSeen();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [reportSeen]);

  // A message opened from a link: bring it into view once it is held.
  const highlightHeld = highlightId ? items.some((item) => item.status === "sent" && item.id === highlightId) : false;
  useEffect(() => {
    if (!highlightId || !highlightHeld) return;
    const target = scroller.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(highlightId)}"]`);
    const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    target?.scrollIntoView?.({ block: "center", behavior: reduce ? "auto" : "smooth" });
  }, [highlightId, highlightHeld]);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const onScroll = () => {
      const bottom = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_EDGE_PX;
      if (bottom !== atBottom.current) onFollowChange?.(bottom);
      atBottom.current = bottom;
      if (bottom) {
        setUnseen(0);
        reportSeen();
      }
      if (element.scrollTop < NEAR_EDGE_PX && hasOlder && !loadingOlder) onLoadOlder();
    };
    element.addEventListener("scroll", onScroll, { passive: true });
    return () => element.removeEventListener("scroll", onScroll);
  }, [hasOlder, loadingOlder, onLoadOlder, onFollowChange, reportSeen]);

  function jumpToLatest() {
    const element = scroller.current;
    if (element) element.scrollTo({ top: element.scrollHeight, behavior: "smooth" });
    setUnseen(0);
  }

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        className="h-full overflow-x-hidden overflow-y-auto px-3 py-3 sm:px-4"
        role="log"
        aria-label="Chat history"
        aria-live="polite"
        aria-busy={loading}
        tabIndex={0}
      >
        {hasOlder && (
          <div className="mb-3 flex justify-center">
            <Button variant="ghost" size="sm" onClick={onLoadOlder} disabled={loadingOlder}>
              {loadingOlder ? <Loader2 aria-hidden className="size-4 motion-safe:animate-spin" /> : null}
              {loadingOlder ? "Loading older messages…" : "Load older messages"}
            </Button>
          </div>
        )}
        {loading ? (
          <p className="flex h-full items-center justify-center gap-2 text-sm text-muted-foreground">
            <Loader2 aria-hidden className="size-4 motion-safe:animate-spin" /> Loading messages…
          </p>
        ) : items.length === 0 ? (
          <div className="flex h-full flex-col items-center justify-center gap-2 text-center text-muted-foreground">
            <MessagesSquare aria-hidden className="size-8" />
            <p className="text-sm font-medium">No messages yet</p>
            <p className="text-xs">Say hello to your team — messages appear here live.</p>
          </div>
        ) : (
          <ol className="flex flex-col">
            {rows.map((row) => {
              if (row.kind === "day") {
                return (
                  <li key={row.key} data-slot="day" className="sticky top-0 z-10 my-2 flex justify-center first:mt-0">
                    <h3 className="rounded-full border border-border bg-card px-3 py-0.5 text-xs font-medium text-muted-foreground shadow-xs">
                      <time dateTime={row.dateTime}>{row.label}</time>
                    </h3>
                  </li>
                );
              }
              if (row.kind === "unread") {
                return (
                  <li key={row.key} data-slot="unread-line" className="my-2 flex items-center gap-2 text-xs font-semibold text-destructive">
                    <span aria-hidden className="h-px flex-1 bg-destructive" />
                    New messages
                    <span aria-hidden className="h-px flex-1 bg-destructive" />
                  </li>
                );
              }
              const parts = partsOf?.(row.item, row) ?? {};
              return (
                  <MessageItem
                    key={row.key}
                    item={row.item}
                    itemKey={row.key}
                    groupStart={row.groupStart}
                    groupEnd={row.groupEnd}
                    view={view}
                    highlighted={row.item.status === "sent" && row.item.id === highlightId}
                    onRetry={onRetry}
                    {...parts}
                  />
              );
            })}
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

/** The seq of the newest stored message (pending ones have none yet); 0 when there is none. */
function newestSeq(items: readonly ChatItem[]): number {
  for (let index = items.length - 1; index >= 0; index -= 1) {
    const item = items[index]!;
    if (item.status === "sent") return item.seq;
  }
  return 0;
}
