/**
 * The shapes the browser checks — API answers, Pusher events, form input —
 * as light guards (guard.ts) instead of zod, under the same names as the
 * server's schemas in schemas.ts and app-events.ts. Types come from those zod
 * schemas (`import type` costs the browser nothing); each guard `satisfies`
 * its type, and client-schemas.test.ts feeds both the same samples.
 */
import type { ActivityItem, Announcement, AppNotification, Attendance, ChannelKind, ClassUpdate, Mention, ProgressUpdate } from "./app-events";
import { channelRow, CHANNEL_ID_PATTERN } from "./channels";
import { array, boolean, int, nullable, number, object, oneOf, optional, refine, string, unknown, type Guard } from "./guard";
import { MAX_MESSAGE_CHARACTERS } from "./limits";
import type { ChatHistory, ChatMessage, ChatPage, Entry, LeaderboardPage, NewMessageEvent, RankingUpdate, Role, ScoreChanged, SessionRequest } from "./schemas";

export { MAX_MESSAGE_CHARACTERS, MAX_POINTS } from "./limits";

// Sessions -------------------------------------------------------------------

const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

export const roleSchema = oneOf(["athlete", "coach"], 'Role must be "athlete" or "coach".') satisfies Guard<Role>;

export const displayNameSchema = string({
  type: "Name must be text.",
  trim: true,
  min: [1, "Enter a name."],
  max: [40, "Name must be at most 40 characters."],
  forbid: [UNSAFE_CHARACTERS, "Name cannot contain control characters."],
});

export const sessionRequestSchema = object(
  { name: displayNameSchema, role: roleSchema, accessCode: optional(string({ max: [200, "Access code is too long."] })) },
  { strict: true },
) satisfies Guard<SessionRequest>;

export const channelIdSchema = string({ pattern: [CHANNEL_ID_PATTERN, "Not a valid id."] });

// Chat -----------------------------------------------------------------------

const MESSAGE_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

export const messageTextSchema = string({
  type: "Message must be text.",
  trim: true,
  min: [1, "Write a message first."],
  max: [MAX_MESSAGE_CHARACTERS, `Messages are at most ${MAX_MESSAGE_CHARACTERS} characters.`],
  forbid: [MESSAGE_UNSAFE, "Messages cannot contain control characters."],
});

const chatMessageShape = {
  id: string(),
  seq: int(),
  userId: string(),
  user: string(),
  message: string(),
  timestamp: string(),
  clientMessageId: optional(string()),
};

export const chatMessageSchema = object(chatMessageShape) satisfies Guard<ChatMessage>;

export const chatPageSchema = object({ messages: array(chatMessageSchema), hasMore: boolean }) satisfies Guard<ChatPage>;

/** A store's epoch (chat and leaderboard): a new one means the server's state started again. */
const epochSchema = string({ min: [1, "epoch is empty."] });

export const chatHistorySchema = object({ messages: array(chatMessageSchema), hasMore: boolean, epoch: epochSchema }) satisfies Guard<ChatHistory>;

export const newMessageEventSchema = object({ ...chatMessageShape, epoch: epochSchema }) satisfies Guard<NewMessageEvent>;

// Leaderboard ----------------------------------------------------------------

export const entrySchema = object({
  userId: string(),
  name: string(),
  score: number(),
  rank: int(),
  previousRank: nullable(int()),
  change: nullable(int()),
}) satisfies Guard<Entry>;

export const leaderboardPageSchema = object({
  leaderboard: array(entrySchema),
  epoch: epochSchema,
  total: int(),
  version: int(),
  updatedAt: string(),
}) satisfies Guard<LeaderboardPage>;

export const rankingUpdateSchema = object({
  leaderboard: array(entrySchema),
  epoch: epochSchema,
  version: int(),
  updatedAt: string(),
  changes: array(entrySchema),
  total: int({ min: 0 }),
  truncated: optional(oneOf([true])),
}) satisfies Guard<RankingUpdate>;

export const scoreChangedSchema = object({
  points: int(),
  score: number(),
  rank: int(),
  previousRank: nullable(int()),
  change: nullable(int()),
  reason: optional(string()),
}) satisfies Guard<ScoreChanged>;

export const announcementRequestSchema = object(
  { message: string({ trim: true, min: [1, "Write the announcement first."], max: [500, "Announcements are at most 500 characters."] }) },
  { strict: true },
);

// App events (app-events.ts) ---------------------------------------------------

const text = (max: number) => string({ trim: true, min: [1, "Required."], max: [max, `At most ${max} characters.`] });
const upTo = (max: number) => optional(string({ trim: true, max: [max, `At most ${max} characters.`] }));
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z$/;
const stamp = {
  id: optional(string({ max: [64, "At most 64 characters."] })),
  sentAt: optional(refine(string(), (value) => ISO_DATETIME.test(value) && !Number.isNaN(Date.parse(value)), "Expected an ISO date and time.")),
};

export const notificationSchema = object(
  { title: text(120), body: upTo(500), level: optional(oneOf(["info", "success", "warning"]), "info"), ...stamp },
  { strict: true },
) satisfies Guard<AppNotification | Omit<AppNotification, "level">>;

export const announcementSchema = object({ message: text(500), author: upTo(40), ...stamp }, { strict: true }) satisfies Guard<Announcement>;

export const progressUpdateSchema = object(
  { athlete: text(40), metric: text(60), value: number(), unit: upTo(16), note: upTo(200), ...stamp },
  { strict: true },
) satisfies Guard<ProgressUpdate>;

export const classUpdateSchema = object({ title: text(120), message: upTo(500), ...stamp }, { strict: true }) satisfies Guard<ClassUpdate>;

export const attendanceSchema = refine(
  object({ present: int({ min: 0, max: 10_000 }), total: int({ min: 0, max: 10_000 }), ...stamp }, { strict: true }),
  (value) => value.present <= value.total,
  "present cannot exceed total.",
) satisfies Guard<Attendance>;

export const mentionSchema = object({ messageId: string(), seq: int(), from: string(), excerpt: string() }) satisfies Guard<Mention>;

export const activityItemSchema = object({
  id: string(),
  channel: string(),
  event: string(),
  data: unknown,
  at: string(),
}) satisfies Guard<ActivityItem | Omit<ActivityItem, "data">>;

/** Which events each kind of app channel carries (app-events.ts APP_EVENTS). */
export const APP_EVENTS = {
  notification: { notification: notificationSchema },
  admin: { announcement: announcementSchema },
  progress: { "progress-update": progressUpdateSchema },
  class: { "class-update": classUpdateSchema, attendance: attendanceSchema },
  user: { notification: notificationSchema },
} satisfies Record<ChannelKind, Record<string, Guard<unknown>>>;

/** The kind of an app channel the admin API may trigger on, or null. */
export function channelKind(channel: string): ChannelKind | null {
  const row = channelRow(channel);
  return row?.adminTrigger ? (row.kind as ChannelKind) : null;
}

/** The guard for `event` on `channel`, or null when that channel does not carry it. */
export function appEventSchema(channel: string, event: string): Guard<unknown> | null {
  const kind = channelKind(channel);
  if (!kind) return null;
  const events: Record<string, Guard<unknown>> = APP_EVENTS[kind];
  return Object.hasOwn(events, event) ? events[event]! : null;
}
