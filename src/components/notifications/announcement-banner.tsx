"use client";

import { Megaphone, X } from "lucide-react";
import { useCallback, useEffect, useState } from "react";

import { useSession } from "@/providers/session-provider";
import { useChannelEvent } from "@/hooks/use-channel-event";
import { apiFetch } from "@/lib/api-client";
import type { Announcement } from "@/lib/app-events";
import { announcementSchema } from "@/lib/client-schemas";
import { CHANNELS, EVENTS } from "@/lib/channels";

const DISMISSED_KEY = "coachpro:dismissed-announcements";
const SHOWN = 3;

type Shown = Announcement & { id: string; sentAt: string };

function readDismissed(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(DISMISSED_KEY) ?? "[]") as string[]);
  } catch {
    return new Set();
  }
}

/** Admin announcements as banners for everyone, newest first, each dismissible (remembered per browser). */
export function AnnouncementBanner() {
  const user = useSession();
  const [announcements, setAnnouncements] = useState<Shown[]>([]);

  const add = useCallback((incoming: unknown[]) => {
    const dismissed = readDismissed();
    const fresh = incoming.flatMap((raw) => {
      const parsed = announcementSchema.safeParse(raw);
      return parsed.success && parsed.data.id && parsed.data.sentAt && !dismissed.has(parsed.data.id) ? [parsed.data as Shown] : [];
    });
    if (fresh.length === 0) return;
    setAnnouncements((current) => {
      const byId = new Map([...current, ...fresh].map((a) => [a.id, a]));
      return [...byId.values()].sort((a, b) => b.sentAt.localeCompare(a.sentAt)).slice(0, 10);
    });
  }, []);

  useEffect(() => {
    if (!user) return;
    apiFetch<{ items: { data: unknown }[] }>("/api/announcements")
      .then((body) => add(body.items.map((item) => item.data)))
      .catch(() => {
        // Live announcements still arrive; the recent ones are a nicety.
      });
  }, [user, add]);

  useChannelEvent(user ? CHANNELS.admin : null, EVENTS.announcement, (data) => add([data]));

  function dismiss(id: string) {
    const dismissed = readDismissed();
    dismissed.add(id);
    localStorage.setItem(DISMISSED_KEY, JSON.stringify([...dismissed].slice(-200)));
    setAnnouncements((current) => current.filter((a) => a.id !== id));
  }

  if (announcements.length === 0) return null;
  return (
    <div className="mx-auto mt-3 flex max-w-5xl flex-col gap-2 px-3 sm:mt-4 sm:px-4">
      {announcements.slice(0, SHOWN).map((announcement) => (
        <div
          key={announcement.id}
          role="alert"
          aria-label="Announcement"
          className="flex items-start gap-3 rounded-lg border border-warning-border bg-warning px-4 py-2.5 text-warning-foreground"
        >
          <Megaphone aria-hidden className="mt-0.5 size-4 shrink-0" />
          <p className="flex-1 text-sm break-words">
            {announcement.message}
            {announcement.author && <span className="ml-1">— {announcement.author}</span>}
          </p>
          <button
            type="button"
            onClick={() => dismiss(announcement.id)}
            aria-label="Dismiss announcement"
            className="-my-1 inline-flex size-7 shrink-0 items-center justify-center rounded hover:bg-warning-border/30 focus-visible:outline-2 focus-visible:outline-ring touch:-my-2.5 touch:size-11"
          >
            <X aria-hidden className="size-4" />
          </button>
        </div>
      ))}
    </div>
  );
}
