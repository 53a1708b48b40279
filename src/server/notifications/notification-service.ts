import "server-only";

import { createHash } from "node:crypto";

import { EVENTS, userChannel } from "@/lib/channels";
import {
  MAX_NOTICE_BODY,
  MAX_NOTICE_TITLE,
  MAX_NOTICES_PER_USER,
  type MarkReadRequest,
  type Notice,
  type NoticeAddedEvent,
  type NoticeKind,
  type NoticeList,
  type NoticePreferences,
  type NoticesReadEvent,
} from "@/lib/notifications";

import { pushNotice } from "../push/push-service";
import { triggerBatch, type OutgoingEvent } from "../realtime-gateway";
import { getSharedRedis } from "../store/redis";
import { MemoryNotificationStore, type NotificationStore } from "./notification-store";
import { RedisNotificationStore } from "./redis-notification-store";

/** What a caller says about an event; the service adds the id, the time and the read state. */
export interface NoticeInput {
  kind: NoticeKind;
  title: string;
  body?: string;
  /** Where it leads: deepLinkHref(...) of what it is about. */
  href: string;
}

/** Called once per stored notice (Web Push, issue 17). Errors are logged, never passed to the caller. */
export type NoticeHook = (userId: string, notice: Notice) => void | Promise<void>;

/** Most recipients one event may reach (the user directory's size). */
export const MAX_RECIPIENTS = 10_000;

const globalForNotices = globalThis as typeof globalThis & {
  __coachproNotices?: NotificationStore;
  __coachproNoticeHooks?: Set<NoticeHook>;
};

function store(): NotificationStore {
  if (!globalForNotices.__coachproNotices) {
    const redis = getSharedRedis();
    globalForNotices.__coachproNotices = redis ? new RedisNotificationStore(redis) : new MemoryNotificationStore();
  }
  return globalForNotices.__coachproNotices;
}

/** Replaces the store (tests); undefined: the next use picks one from the settings again. */
export function setNotificationStore(next: NotificationStore | undefined): void {
  globalForNotices.__coachproNotices = next;
}

/**
 * Registers `hook` to be called with (userId, notice) after each notice is
 * stored (never for one a retry found already stored). Returns the
 * unregister function. The hook runs after the caller has its events, without
 * delaying them; a failing hook is logged.
 */
export function onNoticeStored(hook: NoticeHook): () => void {
  const hooks = (globalForNotices.__coachproNoticeHooks ??= new Set());
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** The notice id for a source key: the same event always gets the same id (so a retry stores nothing new). */
export function noticeIdOf(sourceKey: string): string {
  return `n-${createHash("sha256").update(sourceKey).digest("base64url").slice(0, 22)}`;
}

const clip = (text: string, max: number) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join("")}…`);

/**
 * Stores a notice for each recipient who wants its kind, once per (user,
 * `sourceKey`): a retried chat post or award stores nothing new and gets no
 * events. Returns a `notification-added` event on `private-user-{id}` for
 * each notice stored now, for the caller's delivery path. Recipients are
 * deduplicated and bounded (MAX_RECIPIENTS). Throws StoreUnavailableError
 * when the store is down.
 */
export async function createNotices(recipients: readonly string[], input: NoticeInput, sourceKey: string): Promise<OutgoingEvent[]> {
  const users = [...new Set(recipients)].slice(0, MAX_RECIPIENTS);
  if (users.length === 0) return [];
  const body = input.body?.trim() ? clip(input.body.trim(), MAX_NOTICE_BODY) : undefined;
  const draft = {
    id: noticeIdOf(sourceKey),
    kind: input.kind,
    title: clip(input.title.trim() || "Notification", MAX_NOTICE_TITLE),
    ...(body ? { body } : {}),
    href: input.href,
    at: new Date().toISOString(),
  };
  const stored = await store().add(users, draft);
  runHooks(stored);
  return stored.map(({ userId, notice, unread }) => {
    const data: NoticeAddedEvent = { notice, unread };
    return { channel: userChannel(userId), name: EVENTS.notificationAdded, data };
  });
}

/** Sends notice events through the gateway (best effort: the bell reloads its list whenever its channel (re)subscribes). */
export async function sendNoticeEvents(events: OutgoingEvent[], what: string): Promise<void> {
  if (events.length === 0) return;
  const { failed } = await triggerBatch(events, what);
  if (failed.length === events.length) console.error(`coachpro: ${what}: none of ${events.length} notice events went out`);
}

function runHooks(stored: { userId: string; notice: Notice }[]) {
  // Web Push first: it reaches people with no tab open (and does nothing for anyone else). Never throws.
  for (const { userId, notice } of stored) void pushNotice(userId, notice);
  const hooks = globalForNotices.__coachproNoticeHooks;
  if (!hooks?.size) return;
  for (const { userId, notice } of stored) {
    for (const hook of hooks) {
      Promise.resolve()
        .then(() => hook(userId, notice))
        .catch((error: unknown) => console.error(`coachpro: notice hook failed: ${(error as Error)?.message ?? error}`));
    }
  }
}

/** A user's newest notices (newest first) and unread count. */
export function listNotices(userId: string, limit = MAX_NOTICES_PER_USER): Promise<NoticeList> {
  return store().list(userId, limit);
}

/**
 * Marks notices read for the signed-in user only (ids of other users' notices
 * change nothing), and tells every tab of theirs at once with
 * `notifications-read` (when something changed; best effort).
 */
export async function markNoticesRead(userId: string, request: MarkReadRequest): Promise<NoticesReadEvent> {
  const all = "all" in request;
  const change = await store().markRead(userId, all ? "all" : request.ids);
  const event: NoticesReadEvent = { ids: change.ids, unread: change.unread, ...(all ? { all: true } : {}) };
  if (change.ids.length > 0) await sendNoticeEvents([{ channel: userChannel(userId), name: EVENTS.notificationsRead, data: event }], "notifications read");
  return event;
}

export function noticePreferences(userId: string): Promise<NoticePreferences> {
  return store().preferences(userId);
}

export function setNoticePreferences(userId: string, change: Partial<NoticePreferences>): Promise<NoticePreferences> {
  return store().setPreferences(userId, change);
}
