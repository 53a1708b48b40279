/** Channel and event names: the contracts of DESIGN.md "Channels and events". */
export const CHANNELS = {
  chat: "chat-channel",
  leaderboard: "leaderboard-channel",
  presenceChat: "presence-chat",
  notifications: "notification-channel",
  progress: "progress-channel",
  admin: "admin-channel",
  /** Coaches only (channel auth refuses athletes): read positions for "Seen by N". */
  coaches: "private-coaches",
  /** Classes as coaches start them (`class-started`). */
  classes: "classes-channel",
} as const;

export const EVENTS = {
  newMessage: "new-message",
  /** chat-channel: a message was edited, deleted or reacted to; carries the whole message. */
  messageUpdated: "message-updated",
  /** chat-channel: the pinned messages changed; carries all of them. */
  pinsUpdated: "pins-updated",
  /** private-user-{id}: that user read further (every tab agrees on the unread count). */
  readUpdated: "read-updated",
  /** private-coaches: someone read further. */
  readsUpdated: "reads-updated",
  rankingUpdate: "ranking-update",
  typing: "client-typing",
  scoreChanged: "score-changed",
  mention: "mention",
  notification: "notification",
  announcement: "announcement",
  progressUpdate: "progress-update",
  classUpdate: "class-update",
  attendance: "attendance",
  classStarted: "class-started",
  /** A stored notice for one user (private-user-{id}). */
  notificationAdded: "notification-added",
  /** Some of one user's notices were marked read (private-user-{id}): every tab agrees. */
  notificationsRead: "notifications-read",
} as const;

/** Ids that end up inside channel names (`class-{id}-channel`, `private-user-{id}`): Pusher's name characters, 1 to 64. */
export const CHANNEL_ID_PATTERN = /^[A-Za-z0-9_\-=@,.;]{1,64}$/;

export const USER_CHANNEL_PREFIX = "private-user-";

/** The private channel carrying one user's notifications. */
export function userChannel(userId: string): string {
  return `${USER_CHANNEL_PREFIX}${userId}`;
}

/** The channel of one class, e.g. `class-u12-channel`. */
export function classChannel(classId: string): string {
  return `class-${classId}-channel`;
}

export const CLASS_PRESENCE_PREFIX = "presence-class-";

/** Who has one class's page open, e.g. `presence-class-u12` (signed-in team members; identity from the session). */
export function classPresenceChannel(classId: string): string {
  return `${CLASS_PRESENCE_PREFIX}${classId}`;
}

/** The class id inside a `presence-class-{id}` name, or null when `name` is not one. */
export function classIdOfPresence(name: string): string | null {
  if (!name.startsWith(CLASS_PRESENCE_PREFIX)) return null;
  const id = name.slice(CLASS_PRESENCE_PREFIX.length);
  return CHANNEL_ID_PATTERN.test(id) ? id : null;
}

/** What the app does with one channel, or one family of channels named by an id. */
export interface ChannelRow {
  kind: "chat" | "leaderboard" | "presence" | "notification" | "admin" | "progress" | "class" | "user" | "call" | "coaches" | "classes" | "class-presence";
  /** The exact name, or for a family the id inside its name (null when `name` is not one of its). */
  match: (name: string) => boolean;
  /** The admin API (POST /api/pusher) may trigger app events on it. */
  adminTrigger: boolean;
  /** Its recent events are kept for the activity feeds (public channels only). */
  activity: boolean;
}

const exactly = (channel: string) => (name: string) => name === channel;
const family = (pattern: RegExp) => (name: string) => {
  const id = pattern.exec(name)?.[1];
  return id !== undefined && CHANNEL_ID_PATTERN.test(id);
};

/**
 * The channel table: every channel the app uses, and what each is for. The
 * admin allow-list and the activity channels are read from here, never
 * written out again.
 */
export const CHANNEL_TABLE: readonly ChannelRow[] = [
  { kind: "chat", match: exactly(CHANNELS.chat), adminTrigger: false, activity: false },
  { kind: "leaderboard", match: exactly(CHANNELS.leaderboard), adminTrigger: false, activity: false },
  { kind: "presence", match: exactly(CHANNELS.presenceChat), adminTrigger: false, activity: false },
  { kind: "notification", match: exactly(CHANNELS.notifications), adminTrigger: true, activity: true },
  { kind: "admin", match: exactly(CHANNELS.admin), adminTrigger: true, activity: true },
  { kind: "progress", match: exactly(CHANNELS.progress), adminTrigger: true, activity: true },
  { kind: "class", match: family(/^class-(.+)-channel$/), adminTrigger: true, activity: true },
  { kind: "user", match: family(/^private-user-(.+)$/), adminTrigger: true, activity: false },
  // One call's signalling (client events between its participants only; lib/calls.ts).
  { kind: "call", match: family(/^presence-call-(.+)$/), adminTrigger: false, activity: false },
  { kind: "coaches", match: exactly(CHANNELS.coaches), adminTrigger: false, activity: false },
  { kind: "classes", match: exactly(CHANNELS.classes), adminTrigger: false, activity: false },
  { kind: "class-presence", match: family(/^presence-class-(.+)$/), adminTrigger: false, activity: false },
];

/** The row of the channel table `name` belongs to, or null for a channel the app does not use. */
export function channelRow(name: string): ChannelRow | null {
  return CHANNEL_TABLE.find((row) => row.match(name)) ?? null;
}

/** The kinds of app channel the admin API may trigger events on. */
export type ChannelKind = "notification" | "admin" | "progress" | "class" | "user";

/** The kind of an app channel the admin API may trigger on (from the channel table), or null. */
export function channelKind(channel: string): ChannelKind | null {
  const row = channelRow(channel);
  return row?.adminTrigger ? (row.kind as ChannelKind) : null;
}

/**
 * Looks `event` up in a table of which events each kind of app channel
 * carries (the server's zod table or the browser's zod/mini one): its entry,
 * or null when `channel` is not an app channel or does not carry `event`.
 */
export function eventOnChannel<T>(table: Record<ChannelKind, Record<string, T>>, channel: string, event: string): T | null {
  const kind = channelKind(channel);
  if (!kind) return null;
  const events = table[kind];
  return Object.hasOwn(events, event) ? events[event]! : null;
}

/** Whether the admin API may trigger app events on `name`. */
export function isAdminTriggerChannel(name: string): boolean {
  return channelRow(name)?.adminTrigger ?? false;
}

/** Whether recent events of `name` are kept for the activity feeds. */
export function isActivityChannel(name: string): boolean {
  return channelRow(name)?.activity ?? false;
}
