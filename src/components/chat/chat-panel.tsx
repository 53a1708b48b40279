"use client";

import { Bell, Users } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";

import { useSession } from "@/providers/session-provider";
import { StartCallButton } from "@/components/call/start-call-button";
import { Button } from "@/components/ui/button";
import { useIsClient } from "@/hooks/use-is-client";
import { useKeyboardInset } from "@/hooks/use-keyboard-inset";
import { useTyping, type OnlineMember, type useChat } from "@/hooks/use-pusher";
import type { Attachment } from "@/lib/attachments";

import { Composer } from "./composer";
import type { MessageView } from "./message-item";
import { MessageList } from "./message-list";
import { useMessageDeepLink } from "./use-message-deep-link";
import { useNow } from "./use-now";

/** The chat tab: who is online, the history, who is typing, and the message box. */
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
  const highlightId = useMessageDeepLink({ items: chat.messages, ready: !chat.loading });

  // Names that can be mentioned: who is online, who wrote in the window held, and you.
  const names = useMemo(() => {
    const all = new Set(online.map((member) => member.name));
    for (const item of chat.messages) all.add(item.user);
    if (user) all.add(user.name);
    return [...all];
  }, [online, chat.messages, user]);
  const view: MessageView = useMemo(() => {
    const roles = new Map(online.map((member) => [member.id, member.role]));
    if (user) roles.set(user.id, user.role);
    return { currentUserId: user?.id, myName: user?.name, names, roleOf: (id) => roles.get(id), now };
  }, [online, user, names, now]);

  function send(text: string, files?: { clientMessageId: string; attachments: Attachment[] }) {
    chat.send(text, files ?? {}).catch(() => {
      // The message shows as failed with a Retry button; nothing more to do here.
    });
  }

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
        onSend={send}
        onTyping={notifyTyping}
        onStopTyping={stopTyping}
        disabled={!user}
        autoFocus={autoFocus}
        members={online}
        selfId={user?.id}
      />
    </section>
  );
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
