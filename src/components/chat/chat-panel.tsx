"use client";

import { Bell, Users } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";

import { useSession } from "@/providers/session-provider";
import { StartCallButton } from "@/components/call/start-call-button";
import { Button } from "@/components/ui/button";
import { useIsClient } from "@/hooks/use-is-client";
import { useKeyboardInset } from "@/hooks/use-keyboard-inset";
import { useTyping, type OnlineMember, type useChat } from "@/hooks/use-pusher";
import type { Attachment } from "@/lib/attachments";
import { excerptOf } from "@/lib/chat";
import type { ChatMessage, Role } from "@/lib/schemas";

import { failureText } from "./chat-controls";
import { Composer } from "./composer";
import type { MessageView } from "./message-item";
import { MessageList } from "./message-list";
import { PinnedBar } from "./pinned-bar";
import { ReplyingTo } from "./reply-quote";
import { useMessageParts } from "./use-message-parts";
import { useMessageDeepLink } from "./use-message-deep-link";
import { useNow } from "./use-now";

/** The chat tab: pinned messages, who is online, the history, who is typing, and the message box. */
export function ChatPanel({
  chat,
  online,
  autoFocus = false,
}: {
  chat: ReturnType<typeof useChat>;
  online: OnlineMember[];
  /** Put focus in the message box at once (just after joining). */
  autoFocus?: boolean;
}) {
  const user = useSession();
  const { typingLabel, notifyTyping, stopTyping } = useTyping();
  // Safari on iOS lays the keyboard over the page without shrinking dvh: take its height off too.
  const keyboard = useKeyboardInset();
  const now = useNow();
  const box = useRef<HTMLTextAreaElement>(null);
  const [replyingTo, setReplyingTo] = useState<ChatMessage | null>(null);
  const { highlightId, jump } = useMessageDeepLink({ items: chat.messages, ready: !chat.loading, jumpTo: chat.jumpTo });
  const unreadAfterSeq = useUnreadLine(chat.loading, chat.lastReadSeq);

  // Names that can be mentioned: who is online, who wrote in the window held, and you.
  const names = useMemo(() => {
    const all = new Set(online.map((member) => member.name));
    for (const item of chat.messages) all.add(item.user);
    if (user) all.add(user.name);
    return [...all];
  }, [online, chat.messages, user]);
  const people = useMemo(() => {
    const byId = new Map<string, { name: string; role?: Role }>();
    for (const item of chat.messages) byId.set(item.userId, { name: item.user, role: "role" in item ? item.role : undefined });
    for (const member of online) byId.set(member.id, member);
    if (user) byId.set(user.id, user);
    return byId;
  }, [online, chat.messages, user]);
  const view: MessageView = useMemo(
    () => ({ currentUserId: user?.id, myName: user?.name, names, roleOf: (id) => people.get(id)?.role, now }),
    [user, names, people, now],
  );
  const nameOf = useCallback((id: string) => people.get(id)?.name, [people]);
  const reply = useCallback((message: ChatMessage) => {
    setReplyingTo(message);
    box.current?.focus();
  }, []);
  const { partsOf } = useMessageParts({ controls: chat, currentUserId: user?.id, role: user?.role, nameOf, onReply: reply, onJump: jump });

  function send(text: string, files?: { clientMessageId: string; attachments: Attachment[] }) {
    const options = { ...files, ...(replyingTo ? { replyTo: replyingTo.id } : {}) };
    setReplyingTo(null);
    chat.send(text, options).catch(() => {
      // The message shows as failed with a Retry button; nothing more to do here.
    });
  }

  const markRead = chat.markRead;
  const onSeen = useCallback(
    (seq: number) => {
      if (document.visibilityState === "visible") markRead(seq);
    },
    [markRead],
  );

  return (
    // Phones: the panel fills what the header, banners and bottom bar leave of the *visible* viewport
    // (dvh shrinks with the on-screen keyboard), so the message box stays above the keyboard.
    <section
      aria-label="Team chat"
      className="flex h-[calc(100dvh-9.5rem-env(safe-area-inset-top)-env(safe-area-inset-bottom))] min-h-64 flex-col sm:h-[min(70dvh,640px)]"
      style={keyboard > 0 ? { height: `calc(100dvh - 9.5rem - env(safe-area-inset-top) - env(safe-area-inset-bottom) - ${keyboard}px)` } : undefined}
    >
      <header className="flex flex-wrap items-center justify-between gap-x-2 border-b border-border px-4 py-2">
        <h2 className="text-base font-semibold">Team chat</h2>
        <div className="flex items-center gap-3">
          {user?.role === "coach" && <NotificationsToggle />}
          <StartCallButton online={online} />
          <p className="flex items-center gap-1 text-sm text-muted-foreground" title={online.map((m) => m.name).join(", ")}>
            <Users aria-hidden className="size-4" />
            <span data-slot="online-count">{online.length} online</span>
          </p>
        </div>
      </header>
      <PinnedBar
        pins={chat.pins}
        canUnpin={user?.role === "coach"}
        onOpen={jump}
        onUnpin={(id) => chat.unpin(id).catch((caught) => toast.error(failureText(caught, "Could not unpin the message.")))}
      />
      {chat.error && (
        <p role="alert" className="bg-warning px-4 py-1.5 text-sm text-warning-foreground">
          {chat.error}
        </p>
      )}
      {/* Once, quietly: the server restarted without its history (memory mode). */}
      {chat.notice && (
        <p aria-live="polite" className="border-b border-border px-4 py-1.5 text-xs text-muted-foreground">
          {chat.notice}
        </p>
      )}
      <MessageList
        items={chat.messages}
        view={view}
        highlightId={highlightId}
        unreadAfterSeq={unreadAfterSeq}
        partsOf={partsOf}
        onSeen={onSeen}
        loading={chat.loading}
        hasOlder={chat.hasOlder}
        hasNewer={chat.hasNewer}
        loadingOlder={chat.loadingOlder}
        onLoadOlder={() => void chat.loadOlder()}
        onRetry={(id) => void chat.retry(id)}
        onFollowChange={(following) => void chat.follow(following)}
      />
      <p aria-live="polite" className="h-5 truncate px-4 text-xs text-muted-foreground italic">
        {typingLabel}
      </p>
      <Composer
        boxRef={box}
        onSend={send}
        onTyping={notifyTyping}
        onStopTyping={stopTyping}
        disabled={!user}
        autoFocus={autoFocus}
        members={online}
        selfId={user?.id}
        above={replyingTo && <ReplyingTo user={replyingTo.user} excerpt={excerptOf(replyingTo.message)} onCancel={() => setReplyingTo(null)} />}
        onEscape={replyingTo ? () => setReplyingTo(null) : undefined}
      />
    </section>
  );
}

/**
 * Where the "New messages" line goes: the read position when the history
 * was first shown here (it stays put while you read), taken again when you
 * come back to a page that was hidden. None before anything was ever read.
 */
function useUnreadLine(loading: boolean, lastReadSeq: number): number | undefined {
  const [snapshot, setSnapshot] = useState<number | undefined>(() => (loading || lastReadSeq === 0 ? undefined : lastReadSeq));
  const [taken, setTaken] = useState(!loading);
  if (!taken && !loading) {
    // The first history arrived with the read position: take it in this render, before the list scrolls.
    setTaken(true);
    setSnapshot(lastReadSeq === 0 ? undefined : lastReadSeq);
  }
  const latest = useRef(lastReadSeq);
  useEffect(() => {
    latest.current = lastReadSeq;
  });
  useEffect(() => {
    let whenHidden: number | null = null;
    const onChange = () => {
      if (document.visibilityState === "hidden") whenHidden = latest.current;
      else if (whenHidden !== null && whenHidden > 0) setSnapshot(whenHidden);
    };
    document.addEventListener("visibilitychange", onChange);
    return () => document.removeEventListener("visibilitychange", onChange);
  }, []);
  return snapshot;
}

function NotificationsToggle() {
  const isClient = useIsClient();
  const [asked, setAsked] = useState<NotificationPermission | null>(null);
  if (!isClient || !("Notification" in window)) return null;
  const permission = asked ?? Notification.permission;
  if (permission === "granted") return null;
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={permission === "denied"}
      title={permission === "denied" ? "Notifications are blocked in this browser" : undefined}
      onClick={async () => {
        const result = await Notification.requestPermission();
        setAsked(result);
        if (result === "granted") toast.success("Browser notifications are on.");
      }}
    >
      <Bell aria-hidden className="size-4" />
      <span className="max-sm:sr-only">Enable notifications</span>
    </Button>
  );
}
