import "server-only";

import {
  DEFAULT_PREFERENCES,
  MAX_NOTICES_PER_USER,
  PREFERENCE_OF,
  type Notice,
  type NoticePreferences,
} from "@/lib/notifications";

/** A notice before it is stored for anyone: the same for every recipient. */
export type NoticeDraft = Omit<Notice, "read">;

/** One notice stored by `add`, for one recipient, with their unread count after it. */
export interface StoredNotice {
  userId: string;
  notice: Notice;
  unread: number;
}

/** What `markRead` changed: the ids that were unread and are now read, and the unread count after. */
export interface ReadChange {
  ids: string[];
  unread: number;
}

/** Users whose notices a memory store keeps; the least recently written go first. */
export const MAX_NOTICE_USERS = 10_000;

/**
 * Each user's notifications and their preferences: this process's memory or
 * Redis. Per user the newest `perUser` notices are kept (older ones go, with
 * their read state). A notice id is derived from its event, so `add` is
 * idempotent per (user, notice id): a retried event stores nothing new.
 */
export interface NotificationStore {
  /**
   * Stores `draft` for each recipient who wants its kind and does not hold it
   * yet, as unread and newest, in one atomic step per recipient. Returns what
   * was stored now (recipients who already had it, or turned its kind off, are
   * left out).
   */
  add(recipients: readonly string[], draft: NoticeDraft): Promise<StoredNotice[]>;
  /** The newest `limit` notices of a user, newest first, and how many of all they hold are unread. */
  list(userId: string, limit: number): Promise<{ notices: Notice[]; unread: number }>;
  /** Marks these notices (or all, with "all") read; unknown ids are ignored. */
  markRead(userId: string, ids: readonly string[] | "all"): Promise<ReadChange>;
  preferences(userId: string): Promise<NoticePreferences>;
  /** Changes some preferences; returns all of them after the change. */
  setPreferences(userId: string, change: Partial<NoticePreferences>): Promise<NoticePreferences>;
}

interface Box {
  /** Newest first. */
  notices: Notice[];
  preferences: NoticePreferences;
}

/** The notification store in memory: a Map of users kept in least-recently-written order, bounded. */
export class MemoryNotificationStore implements NotificationStore {
  private readonly users = new Map<string, Box>();

  constructor(private readonly limits = { perUser: MAX_NOTICES_PER_USER, maxUsers: MAX_NOTICE_USERS }) {}

  async add(recipients: readonly string[], draft: NoticeDraft): Promise<StoredNotice[]> {
    const stored: StoredNotice[] = [];
    for (const userId of new Set(recipients)) {
      const box = this.box(userId);
      if (!box.preferences[PREFERENCE_OF[draft.kind]]) continue;
      if (box.notices.some((notice) => notice.id === draft.id)) continue;
      const notice: Notice = { ...draft, read: false };
      box.notices = [notice, ...box.notices].slice(0, this.limits.perUser);
      stored.push({ userId, notice: { ...notice }, unread: unreadOf(box) });
    }
    return stored;
  }

  async list(userId: string, limit: number): Promise<{ notices: Notice[]; unread: number }> {
    const box = this.users.get(userId);
    if (!box) return { notices: [], unread: 0 };
    return { notices: box.notices.slice(0, limit).map((notice) => ({ ...notice })), unread: unreadOf(box) };
  }

  async markRead(userId: string, ids: readonly string[] | "all"): Promise<ReadChange> {
    const box = this.users.get(userId);
    if (!box) return { ids: [], unread: 0 };
    const wanted = ids === "all" ? null : new Set(ids);
    const changed: string[] = [];
    for (const notice of box.notices) {
      if (notice.read || (wanted && !wanted.has(notice.id))) continue;
      notice.read = true;
      changed.push(notice.id);
    }
    return { ids: changed, unread: unreadOf(box) };
  }

  async preferences(userId: string): Promise<NoticePreferences> {
    return { ...(this.users.get(userId)?.preferences ?? DEFAULT_PREFERENCES) };
  }

  async setPreferences(userId: string, change: Partial<NoticePreferences>): Promise<NoticePreferences> {
    const box = this.box(userId);
    box.preferences = { ...box.preferences, ...definedOnly(change) };
    return { ...box.preferences };
  }

  /** The user's box, made if new, moved to the most recently written end. */
  private box(userId: string): Box {
    const box = this.users.get(userId) ?? { notices: [], preferences: { ...DEFAULT_PREFERENCES } };
    this.users.delete(userId);
    this.users.set(userId, box);
    if (this.users.size > this.limits.maxUsers) this.users.delete(this.users.keys().next().value!);
    return box;
  }
}

function unreadOf(box: Box): number {
  return box.notices.filter((notice) => !notice.read).length;
}

function definedOnly(change: Partial<NoticePreferences>): Partial<NoticePreferences> {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => typeof value === "boolean"));
}
