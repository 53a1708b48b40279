"use client";

import { Bell } from "lucide-react";
import { useCallback, useId, useRef, useState } from "react";
import { toast } from "sonner";

import { useSession } from "@/providers/session-provider";
import { Button } from "@/components/ui/button";
import { useDismiss } from "@/hooks/use-dismiss";
import { useChannelEvents } from "@/hooks/use-channel-event";
import { CHANNELS, EVENTS, userChannel } from "@/lib/channels";
import { noticeAddedEventSchema } from "@/lib/client-notifications";
import { notificationSchema } from "@/lib/client-schemas";

interface Item {
  id: string;
  title: string;
  body?: string;
  at: string;
}

const MAX_ITEMS = 50;
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** Turns an incoming event into a list entry, or null when its data does not check out. */
function toItem(event: string, data: unknown): (Item & { toast: boolean }) | null {
  const at = new Date().toISOString();
  if (event === EVENTS.notificationAdded) {
    const parsed = noticeAddedEventSchema.safeParse(data);
    if (!parsed.success) return null;
    const { notice } = parsed.data;
    return { id: notice.id, title: notice.title, body: notice.body, at: notice.at, toast: notice.kind !== "award" };
  }
  const parsed = notificationSchema.safeParse(data);
  if (!parsed.success) return null;
  return { id: parsed.data.id ?? crypto.randomUUID(), title: parsed.data.title, body: parsed.data.body, at: parsed.data.sentAt ?? at, toast: true };
}

/**
 * The bell: your notifications (mentions, score changes, personal notices)
 * and team-wide ones, with an unread count, toasts as they arrive, and a
 * browser notification when allowed and the page is hidden.
 */
export function NotificationCenter() {
  const user = useSession();
  const id = useId();
  const [items, setItems] = useState<Item[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  function receive(event: string, data: unknown) {
    const item = toItem(event, data);
    if (!item) return;
    setItems((current) => [item, ...current.filter((existing) => existing.id !== item.id)].slice(0, MAX_ITEMS));
    if (!open) setUnread((count) => count + 1);
    if (item.toast) toast(item.title, item.body ? { description: item.body } : undefined);
    if (document.visibilityState === "hidden" && "Notification" in window && Notification.permission === "granted") {
      new Notification(item.title, { body: item.body, tag: item.id });
    }
  }

  useChannelEvents(user ? CHANNELS.notifications : null, EVENTS.notification, receive);
  useChannelEvents(user ? userChannel(user.id) : null, `${EVENTS.notification},${EVENTS.notificationAdded}`, receive);

  // Close on Escape or a press elsewhere.
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, root);

  if (!user) return null;
  return (
    <div ref={root} className="relative">
      <Button
        variant="ghost"
        size="icon"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
        aria-expanded={open}
        aria-controls={`${id}-list`}
        onClick={() => {
          setOpen((value) => !value);
          setUnread(0);
        }}
      >
        <Bell aria-hidden className="size-5" />
        {unread > 0 && (
          <span aria-hidden className="absolute -top-0.5 -right-0.5 rounded-full bg-destructive px-1.5 text-[10px] font-bold text-destructive-foreground">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </Button>
      {open && (
        <div
          id={`${id}-list`}
          role="region"
          aria-label="Notification list"
          // A sheet across the top of a phone screen; a dropdown under the bell from `sm` up. Always inside the viewport.
          className="fixed inset-x-2 top-[calc(env(safe-area-inset-top)+3.75rem)] z-40 flex max-h-[min(70dvh,28rem)] flex-col overflow-hidden rounded-lg border border-border bg-card shadow-lg sm:absolute sm:inset-x-auto sm:top-auto sm:right-0 sm:mt-2 sm:w-80"
        >
          {items.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-muted-foreground">No notifications yet.</p>
          ) : (
            <ol tabIndex={0} aria-label="Notifications received" className="min-h-0 flex-1 overflow-y-auto outline-none focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring">
              {items.map((item) => (
                <li key={item.id} className="border-b border-border px-4 py-2.5 last:border-b-0">
                  <p className="text-sm font-medium">{item.title}</p>
                  {item.body && <p className="text-xs break-words text-muted-foreground">{item.body}</p>}
                  <time dateTime={item.at} className="text-xs text-muted-foreground">
                    {timeFormat.format(new Date(item.at))}
                  </time>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}
