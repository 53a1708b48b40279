"use client";

import { Bell, Settings } from "lucide-react";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";

import { Button } from "@/components/ui/button";
import { useDismiss } from "@/hooks/use-dismiss";
import type { Notice } from "@/lib/notifications";
import { useSession } from "@/providers/session-provider";

import { NotificationList } from "./notification-list";
import { NotificationPreferences } from "./notification-preferences";
import { useNotices } from "./use-notices";

/**
 * The bell: the signed-in person's notifications (mentions, awards,
 * announcements), kept on the server so the list and what is read survive a
 * reload and agree across their tabs. Entries open what they are about.
 * New ones also show once as a toast or a browser notification (use-notices).
 */
export function NotificationCenter() {
  const user = useSession();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [settings, setSettings] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const openList = useCallback(() => {
    setSettings(false);
    setOpen(true);
  }, []);
  const notices = useNotices({ openList });

  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, root);
  // Opening (from the bell or a toast's "Show"): move focus into the list, and
  // clear the toasts, whose notices the list holds (on a phone one would cover it).
  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>(`#${CSS.escape(`${id}-panel`)}`)?.focus();
    toast.dismiss();
  }, [open, id]);

  if (!user) return null;
  const { unread, status } = notices;

  function openNotice(notice: Notice) {
    setOpen(false);
    notices.open(notice);
  }

  return (
    <div ref={root} className="relative">
      <Button
        variant="ghost"
        size="icon"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((value) => !value)}
        className="relative"
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
          id={`${id}-panel`}
          role="region"
          aria-label="Notification list"
          tabIndex={-1}
          // A sheet across the top of a phone screen; a dropdown under the bell from `sm` up. Always inside the viewport.
          className="fixed inset-x-2 top-[calc(env(safe-area-inset-top)+3.75rem)] z-40 flex max-h-[min(75dvh,32rem)] flex-col overflow-hidden rounded-lg border border-border bg-card shadow-lg outline-none sm:absolute sm:inset-x-auto sm:top-auto sm:right-0 sm:mt-2 sm:w-96"
        >
          <div className="flex items-center gap-1 border-b border-border px-4 py-2">
            <h2 className="flex-1 text-sm font-semibold">{settings ? "Notification settings" : "Notifications"}</h2>
            {!settings && unread > 0 && (
              <Button variant="ghost" size="xs" onClick={() => void notices.markRead("all")}>
                Mark all as read
              </Button>
            )}
            <Button variant="ghost" size="icon" aria-label="Notification settings" aria-pressed={settings} onClick={() => setSettings((value) => !value)} className="size-8">
              <Settings aria-hidden className="size-4" />
            </Button>
          </div>
          {settings ? (
            <div className="min-h-0 overflow-y-auto">
              <NotificationPreferences />
            </div>
          ) : status === "loading" && notices.notices.length === 0 ? (
            <p role="status" className="px-4 py-6 text-center text-sm text-muted-foreground">
              Loading notifications…
            </p>
          ) : status === "error" && notices.notices.length === 0 ? (
            <div role="alert" className="flex flex-col items-center gap-2 px-4 py-6 text-center text-sm">
              <p>Could not load your notifications.</p>
              <Button variant="outline" size="sm" onClick={() => void notices.load()}>
                Try again
              </Button>
            </div>
          ) : notices.notices.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-muted-foreground">No notifications yet. Mentions, awards and announcements show here.</p>
          ) : (
            <NotificationList notices={notices.notices} onOpen={openNotice} onMarkRead={(notice) => void notices.markRead([notice.id])} />
          )}
        </div>
      )}
    </div>
  );
}
