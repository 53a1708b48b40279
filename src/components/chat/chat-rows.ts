import type { ChatItem } from "@/hooks/chat-state";

/** Messages from one person this close together (and on one day) share one header. */
export const GROUP_WITHIN_MS = 5 * 60_000;

/** The list's key for an item: its id once stored, its clientMessageId while on its way. */
export const keyOf = (item: ChatItem) => (item.status === "sent" ? item.id : `pending-${item.clientMessageId}`);

export type ChatRow =
  | { kind: "day"; key: string; label: string; dateTime: string }
  | { kind: "unread"; key: "unread" }
  | {
      kind: "message";
      key: string;
      item: ChatItem;
      /** First of its group: shows the avatar, the name and the time. */
      groupStart: boolean;
      /** Last of its group (more space below it). */
      groupEnd: boolean;
    };

/** Midnight (local time) of the day `date` falls on. */
function dayStart(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

const sameYearFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long" });
const otherYearFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "long", year: "numeric" });

/** "Today", "Yesterday", or the date ("Monday, 1 December"; the year when it is not this one). */
export function dayLabel(date: Date, now: Date): string {
  const days = Math.round((dayStart(now).getTime() - dayStart(date).getTime()) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  return date.getFullYear() === now.getFullYear() ? sameYearFormat.format(date) : otherYearFormat.format(date);
}

function timeOf(item: ChatItem): number {
  const time = Date.parse(item.timestamp);
  return Number.isNaN(time) ? 0 : time;
}

/**
 * What the history shows, in order: a separator at each new day, a "New
 * messages" line before the first message from someone else past
 * `unreadAfterSeq`, and the messages, each marked as the start and/or end of
 * a group (one person, within GROUP_WITHIN_MS of the previous message, same
 * day, no line between). Messages on their way (sending or failed) follow
 * the stored ones and group with them like any other: they are yours, so
 * they join your last stored message when it is recent. A removed message
 * still groups (it keeps its place, as its seq does).
 */
export function buildRows(
  items: readonly ChatItem[],
  options: { now: Date; unreadAfterSeq?: number; currentUserId?: string },
): ChatRow[] {
  const rows: ChatRow[] = [];
  const { now, unreadAfterSeq, currentUserId } = options;
  let unreadShown = unreadAfterSeq === undefined;
  let previous: { item: ChatItem; day: number } | undefined;
  let previousRow: Extract<ChatRow, { kind: "message" }> | undefined;

  for (const item of items) {
    const time = timeOf(item);
    const date = new Date(time);
    const day = dayStart(date).getTime();
    let broken = false;
    if (!previous || previous.day !== day) {
      rows.push({ kind: "day", key: `day-${keyOf(item)}`, label: dayLabel(date, now), dateTime: date.toISOString().slice(0, 10) });
      broken = true;
    }
    if (!unreadShown && item.status === "sent" && item.seq > unreadAfterSeq! && item.userId !== currentUserId) {
      rows.push({ kind: "unread", key: "unread" });
      unreadShown = true;
      broken = true;
    }
    const grouped =
      !broken &&
      previous !== undefined &&
      previous.item.userId === item.userId &&
      Math.abs(time - timeOf(previous.item)) <= GROUP_WITHIN_MS;
    if (!grouped && previousRow) previousRow.groupEnd = true;
    const row: Extract<ChatRow, { kind: "message" }> = { kind: "message", key: keyOf(item), item, groupStart: !grouped, groupEnd: false };
    rows.push(row);
    previous = { item, day };
    previousRow = row;
  }
  if (previousRow) previousRow.groupEnd = true;
  return rows;
}
