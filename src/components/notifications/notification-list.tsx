"use client";

import { AtSign, Check, Megaphone, Trophy, type LucideIcon } from "lucide-react";

import type { Notice, NoticeKind } from "@/lib/notifications";
import { cn } from "@/lib/utils";

const ICONS: Record<NoticeKind, LucideIcon> = { mention: AtSign, award: Trophy, announcement: Megaphone };

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

function when(at: string): string {
  const date = new Date(at);
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
}

/**
 * The bell's entries, newest first: each a link to what it is about (opening
 * it marks it read), unread ones marked in words for screen readers and by
 * weight, tint and a dot for the eye, with their own "Mark as read".
 */
export function NotificationList({
  notices,
  onOpen,
  onMarkRead,
}: {
  notices: Notice[];
  onOpen: (notice: Notice) => void;
  onMarkRead: (notice: Notice) => void;
}) {
  return (
    <ul aria-label="Notifications received" className="min-h-0 flex-1 overflow-y-auto">
      {notices.map((notice) => {
        const Icon = ICONS[notice.kind];
        return (
          <li key={notice.id} className={cn("flex items-stretch border-b border-border last:border-b-0", !notice.read && "bg-primary/5")}>
            <a
              href={notice.href}
              // One clear name: state, title, body, time (the parts are laid out apart for the eye).
              aria-label={`${notice.read ? "" : "Unread: "}${notice.title}${notice.body ? `. ${notice.body}` : ""}. ${when(notice.at)}`}
              onClick={(event) => {
                if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                event.preventDefault();
                onOpen(notice);
              }}
              className="flex min-w-0 flex-1 items-start gap-3 px-4 py-2.5 hover:bg-muted focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring"
            >
              <Icon aria-hidden className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
              <span className="flex min-w-0 flex-col">
                <span className={cn("text-sm break-words", notice.read ? "text-foreground" : "font-semibold")}>
                  {notice.title}
                </span>
                {notice.body && <span className="line-clamp-3 text-xs break-words text-muted-foreground">{notice.body}</span>}
                <time dateTime={notice.at} className="text-xs text-muted-foreground">
                  {when(notice.at)}
                </time>
              </span>
              {!notice.read && <span aria-hidden className="mt-1.5 ml-auto size-2 shrink-0 rounded-full bg-primary" />}
            </a>
            {!notice.read && (
              <button
                type="button"
                onClick={() => onMarkRead(notice)}
                aria-label={`Mark as read: ${notice.title}`}
                title="Mark as read"
                className="flex w-10 shrink-0 items-center justify-center text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring touch:w-11"
              >
                <Check aria-hidden className="size-4" />
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
