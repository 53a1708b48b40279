import "server-only";

import type { Announcement, AppNotification } from "@/lib/app-events";
import { CHANNELS, EVENTS, USER_CHANNEL_PREFIX } from "@/lib/channels";

import type { OutgoingEvent } from "../realtime-gateway";
import { createNotices } from "./notification-service";
import { ANNOUNCEMENTS_HREF, announcementNotices } from "./notices";

/**
 * The stored notices an admin event stands for, as "announcement" notices:
 * an announcement on admin-channel and a notification on
 * notification-channel reach every known user (but the author); a
 * notification on `private-user-{id}` reaches that user. Other events are no
 * one's notice. Returns the live events to send once the event itself went out.
 */
export function adminEventNotices(channel: string, event: string, data: { id: string }, authorId?: string): Promise<OutgoingEvent[]> {
  if (channel === CHANNELS.admin && event === EVENTS.announcement) {
    const { message, author } = data as unknown as Announcement;
    return announcementNotices({ title: author ? `Announcement from ${author}` : "Announcement", body: message, authorId }, data.id);
  }
  if (event !== EVENTS.notification) return Promise.resolve([]);
  const { title, body } = data as unknown as AppNotification;
  if (channel === CHANNELS.notifications) return announcementNotices({ title, body, authorId }, data.id);
  if (channel.startsWith(USER_CHANNEL_PREFIX)) {
    const userId = channel.slice(USER_CHANNEL_PREFIX.length);
    return createNotices([userId], { kind: "announcement", title, ...(body ? { body } : {}), href: ANNOUNCEMENTS_HREF }, `notification:${data.id}`);
  }
  return Promise.resolve([]);
}
