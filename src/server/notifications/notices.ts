import "server-only";

import { deepLinkHref } from "@/lib/deep-links";
import { USER_CHANNEL_PREFIX } from "@/lib/channels";
import type { ChatMessage, ScoreUpdateInput } from "@/lib/schemas";

import type { ApplyResult } from "../ranking/leaderboard";
import { queryRealtime, type OutgoingEvent } from "../realtime-gateway";
import { getUserDirectory } from "../users/user-directory";
import { createNotices, MAX_RECIPIENTS, type NoticeInput } from "./notification-service";

/** Where an announcement leads: the Activity tab lists them. */
export const ANNOUNCEMENTS_HREF = "/?tab=activity";
/** Live `notification-added` events one announcement sends at most (the rest see it when their bell loads). */
const MAX_LIVE_ANNOUNCEMENT_EVENTS = 2_000;

/** A mention notice for each user named with @Name in `message` (never its author), once per message. */
export function mentionNotices(message: ChatMessage, mentioned: Iterable<string>): Promise<OutgoingEvent[]> {
  const recipients = [...mentioned].filter((id) => id !== message.userId);
  const notice: NoticeInput = {
    kind: "mention",
    title: `${message.user} mentioned you`,
    body: message.message.slice(0, 200),
    href: deepLinkHref({ tab: "chat", message: message.id }),
  };
  return createNotices(recipients, notice, `mention:${message.id}`);
}

/**
 * An award notice for each athlete named in a batch of score updates, once
 * per award (`awardKey`: the idempotency key, or the board's version), with
 * the points summed per athlete, their new rank and the reasons given.
 */
export async function awardNotices(updates: readonly ScoreUpdateInput[], result: ApplyResult, awardKey: string): Promise<OutgoingEvent[]> {
  const events: OutgoingEvent[] = [];
  for (const userId of result.updatedUserIds) {
    const entry = result.changes.find((row) => row.userId === userId);
    if (!entry) continue;
    const mine = updates.filter((update) => update.userId === userId);
    const points = mine.reduce((sum, update) => sum + update.points, 0);
    const reason = mine.map((update) => update.reason?.trim()).filter(Boolean).join("; ");
    const notice: NoticeInput = {
      kind: "award",
      title: `${points > 0 ? "+" : "−"}${Math.abs(points)} ${Math.abs(points) === 1 ? "point" : "points"} — now #${entry.rank}`,
      ...(reason ? { body: reason } : {}),
      href: deepLinkHref({ tab: "leaderboard", athlete: userId }),
    };
    events.push(...(await createNotices([userId], notice, `award:${awardKey}:${userId}`)));
  }
  return events;
}

/**
 * An announcement notice for every known user (the user directory, bounded)
 * but its author, once per announcement. Returns the live events for those
 * whose private channel is open now (one query to the realtime service;
 * everyone else finds the notice in their bell when they next load it).
 */
export async function announcementNotices(
  input: { title: string; body?: string; authorId?: string },
  announcementId: string,
): Promise<OutgoingEvent[]> {
  const everyone = await getUserDirectory().ids(MAX_RECIPIENTS);
  const recipients = everyone.filter((id) => id !== input.authorId);
  const notice: NoticeInput = { kind: "announcement", title: input.title, ...(input.body ? { body: input.body } : {}), href: ANNOUNCEMENTS_HREF };
  const events = await createNotices(recipients, notice, `announcement:${announcementId}`);
  const open = await openUserChannels();
  const live = open ? events.filter((event) => open.has(event.channel)) : events;
  return live.slice(0, MAX_LIVE_ANNOUNCEMENT_EVENTS);
}

/** The occupied `private-user-` channels, or null when the realtime service could not say. */
async function openUserChannels(): Promise<Set<string> | null> {
  try {
    const reply = (await queryRealtime("/channels", { filter_by_prefix: USER_CHANNEL_PREFIX })) as { channels?: Record<string, unknown> };
    return new Set(Object.keys(reply.channels ?? {}));
  } catch (error) {
    console.error(`coachpro: announcement: could not list open channels: ${(error as Error).message}`);
    return null;
  }
}
