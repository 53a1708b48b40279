/**
 * The shapes the browser checks — API answers, Pusher events, form input —
 * in zod/mini (a few KB where classic zod is ≈ 40 KB gzip), under the same
 * names as the server's schemas in schemas.ts and app-events.ts. Only the
 * signed-in page's lazy chunks import this file (the join form loads it when
 * it submits), so it stays out of the first-load scripts of `/`. Each schema
 * `satisfies` the type of its server twin, and client-schemas.test.ts feeds
 * both the same samples.
 */
import * as z from "zod/mini";

import type { ActivityItem, Announcement, AppNotification, Attendance, ClassUpdate, Mention, ProgressUpdate } from "./app-events";
import { FILE_ID_PATTERN, MAX_ATTACHMENTS, MAX_FILE_NAME_CHARACTERS, type Attachment } from "./attachments";
import { CHANNEL_ID_PATTERN, eventOnChannel, type ChannelKind } from "./channels";
import { MAX_MESSAGE_CHARACTERS } from "./limits";
import type {
  Award,
  AwardResult,
  AwardsPage,
  AwardSummary,
  BoardRef,
  ChatHistory,
  ChatMessage,
  ChatPage,
  Entry,
  LeaderboardPage,
  LeaderboardWindow,
  MessageUpdatedEvent,
  MovementPeriod,
  NewMessageEvent,
  Period,
  Pin,
  PinsUpdatedEvent,
  RankingUpdate,
  Reaction,
  ReactorsResponse,
  ReadPosition,
  ReadsResponse,
  ReadsUpdatedEvent,
  ReadUpdatedEvent,
  ReplyTo,
  Role,
  ScoreChanged,
  SessionRequest,
  UndoResult,
  UsersPage,
} from "./schemas";

export { MAX_MESSAGE_CHARACTERS, MAX_POINTS } from "./limits";

/** A browser schema whose output is the server schema's type. */
type Schema<T> = z.ZodMiniType<T, unknown>;

/** Length in code points (what a person counts), as the server counts it. */
const atMost = (max: number, message: string) => z.refine<string>((text) => [...text].length <= max, message);

// Sessions -------------------------------------------------------------------

const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

export const roleSchema = z.enum(["athlete", "coach"], { error: 'Role must be "athlete" or "coach".' }) satisfies Schema<Role>;

export const displayNameSchema = z
  .string({ error: "Name must be text." })
  .check(
    z.trim(),
    z.minLength(1, "Enter a name."),
    atMost(40, "Name must be at most 40 characters."),
    z.refine((name) => !UNSAFE_CHARACTERS.test(name), "Name cannot contain control characters."),
  );

export const sessionRequestSchema = z.strictObject({
  name: displayNameSchema,
  role: roleSchema,
  accessCode: z.optional(z.string().check(z.maxLength(200, "Access code is too long."))),
}) satisfies Schema<SessionRequest>;

export const channelIdSchema = z.string().check(z.regex(CHANNEL_ID_PATTERN, "Not a valid id."));

/** GET /api/users (the @-mention autocomplete): team members by name. */
export const usersPageSchema = z.object({
  users: z.array(z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)), name: z.string(), role: roleSchema })),
}) satisfies Schema<UsersPage>;

// Chat -----------------------------------------------------------------------

const MESSAGE_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

export const messageTextSchema = z
  .string({ error: "Message must be text." })
  .check(
    z.trim(),
    z.minLength(1, "Write a message first."),
    atMost(MAX_MESSAGE_CHARACTERS, `Messages are at most ${MAX_MESSAGE_CHARACTERS} characters.`),
    z.refine((text) => !MESSAGE_UNSAFE.test(text), "Messages cannot contain control characters."),
  );

export const replyToSchema = z.object({
  id: z.string(),
  seq: z.int(),
  userId: z.string(),
  user: z.string(),
  excerpt: z.string(),
  deleted: z.optional(z.literal(true)),
}) satisfies Schema<ReplyTo>;

export const reactionSchema = z.object({ emoji: z.string(), count: z.int().check(z.gte(1)), userIds: z.array(z.string()) }) satisfies Schema<Reaction>;

/** A file a message carries (metadata; the url is always this app's /api/files/{id}). */
export const attachmentSchema = z.object({
  id: z.string().check(z.regex(FILE_ID_PATTERN)),
  name: z.string().check(z.minLength(1), z.maxLength(MAX_FILE_NAME_CHARACTERS + 10)),
  type: z.string().check(z.maxLength(100)),
  size: z.int().check(z.gte(1)),
  width: z.optional(z.int().check(z.gte(1))),
  height: z.optional(z.int().check(z.gte(1))),
  url: z.string().check(z.regex(/^\/api\/files\/[A-Za-z0-9_-]{22}$/)),
  thumbUrl: z.optional(z.string().check(z.regex(/^\/api\/files\/[A-Za-z0-9_-]{22}\/thumb$/))),
}) satisfies Schema<Attachment>;

export const chatMessageSchema = z.object({
  id: z.string(),
  seq: z.int(),
  rev: z._default(z.int().check(z.gte(0)), 0),
  userId: z.string(),
  user: z.string(),
  message: z.string(),
  timestamp: z.string(),
  clientMessageId: z.optional(z.string()),
  role: z.optional(roleSchema),
  replyTo: z.optional(replyToSchema),
  editedAt: z.optional(z.string()),
  deleted: z.optional(z.literal(true)),
  reactions: z.optional(z.array(reactionSchema)),
  attachments: z.optional(z.array(attachmentSchema).check(z.maxLength(MAX_ATTACHMENTS))),
}) satisfies Schema<ChatMessage>;

export const chatPageSchema = z.object({ messages: z.array(chatMessageSchema), hasMore: z.boolean() }) satisfies Schema<ChatPage>;

/** A store's epoch (chat and leaderboard): a new one means the server's state started again. */
const epochSchema = z.string().check(z.minLength(1));

export const pinSchema = z.object({
  id: z.string(),
  seq: z.int(),
  userId: z.string(),
  user: z.string(),
  excerpt: z.string(),
  pinnedBy: z.string(),
  pinnedAt: z.string(),
}) satisfies Schema<Pin>;

export const chatHistorySchema = z.extend(chatPageSchema, {
  epoch: epochSchema,
  rev: z._default(z.int().check(z.gte(0)), 0),
  pins: z.optional(z.array(pinSchema)),
  lastReadSeq: z.optional(z.int().check(z.gte(0))),
  changes: z.optional(z.array(chatMessageSchema)),
  reload: z.optional(z.literal(true)),
}) satisfies Schema<ChatHistory>;

export const newMessageEventSchema = z.extend(chatMessageSchema, { epoch: epochSchema, partial: z.optional(z.literal(true)) }) satisfies Schema<NewMessageEvent>;

export const messageUpdatedEventSchema = newMessageEventSchema satisfies Schema<MessageUpdatedEvent>;

export const pinsUpdatedEventSchema = z.object({ pins: z.array(pinSchema), rev: z.int().check(z.gte(0)), epoch: epochSchema }) satisfies Schema<PinsUpdatedEvent>;

export const readUpdatedEventSchema = z.object({ lastReadSeq: z.int().check(z.gte(0)), epoch: epochSchema }) satisfies Schema<ReadUpdatedEvent>;

export const readPositionSchema = z.object({ userId: z.string(), name: z.string(), seq: z.int().check(z.gte(0)) }) satisfies Schema<ReadPosition>;

export const readsUpdatedEventSchema = z.extend(readPositionSchema, { epoch: epochSchema }) satisfies Schema<ReadsUpdatedEvent>;

export const readsResponseSchema = z.object({ reads: z.array(readPositionSchema), epoch: epochSchema }) satisfies Schema<ReadsResponse>;

export const reactorsResponseSchema = z.object({
  emoji: z.string(),
  count: z.int().check(z.gte(0)),
  users: z.array(z.object({ id: z.string(), name: z.string() })),
}) satisfies Schema<ReactorsResponse>;

// Leaderboard ----------------------------------------------------------------

export const leaderboardWindowSchema = z.enum(["day", "week", "month", "all"]) satisfies Schema<LeaderboardWindow>;
export const movementPeriodSchema = z.enum(["day", "week", "month"]) satisfies Schema<MovementPeriod>;
export const boardRefSchema = z.object({ window: leaderboardWindowSchema, classId: z.optional(z.string()) }) satisfies Schema<BoardRef>;
export const periodSchema = z.object({ start: z.string(), end: z.string() }) satisfies Schema<Period>;

export const entrySchema = z.object({
  userId: z.string(),
  name: z.string(),
  score: z.number(),
  rank: z.int(),
  previousRank: z.nullable(z.int()),
  change: z.nullable(z.int()),
  periodRank: z.optional(z.nullable(z.int())),
  movement: z.optional(z.nullable(z.int())),
}) satisfies Schema<Entry>;

export const leaderboardPageSchema = z.object({
  leaderboard: z.array(entrySchema),
  epoch: epochSchema,
  total: z.int(),
  version: z.int(),
  updatedAt: z.string(),
  me: z.optional(z.nullable(entrySchema)),
  board: z.optional(boardRefSchema),
  period: z.optional(z.nullable(periodSchema)),
  movementPeriod: z.optional(z.extend(periodSchema, { window: movementPeriodSchema })),
}) satisfies Schema<LeaderboardPage>;

export const rankingUpdateSchema = z.object({
  leaderboard: z.array(entrySchema),
  epoch: epochSchema,
  version: z.int(),
  updatedAt: z.string(),
  changes: z.array(entrySchema),
  total: z.int().check(z.nonnegative()),
  truncated: z.optional(z.literal(true)),
  board: z.optional(boardRefSchema),
  period: z.optional(periodSchema),
}) satisfies Schema<RankingUpdate>;

export const scoreChangedSchema = z.object({
  points: z.int(),
  score: z.number(),
  rank: z.int(),
  previousRank: z.nullable(z.int()),
  change: z.nullable(z.int()),
  reason: z.optional(z.string()),
  awardIds: z.optional(z.array(z.string())),
}) satisfies Schema<ScoreChanged>;

// Awards ---------------------------------------------------------------------

export const awardSchema = z.object({
  id: z.string(),
  seq: z.int(),
  athleteId: z.string(),
  athleteName: z.string(),
  points: z.int(),
  reason: z.optional(z.string()),
  classId: z.optional(z.string()),
  coachId: z.string(),
  coachName: z.string(),
  at: z.string(),
  undoOf: z.optional(z.string()),
  undoneBy: z.optional(z.string()),
  undoneAt: z.optional(z.string()),
}) satisfies Schema<Award>;

export const awardsPageSchema = z.object({ awards: z.array(awardSchema), nextCursor: z.nullable(z.string()) }) satisfies Schema<AwardsPage>;

export const awardSummarySchema = z.object({
  athleteId: z.string(),
  days: z.array(z.object({ date: z.string(), points: z.int(), awards: z.int() })),
  total: z.int(),
  timeZone: z.string(),
}) satisfies Schema<AwardSummary>;

export const awardResultSchema = z.extend(rankingUpdateSchema, { awards: z.array(awardSchema) }) satisfies Schema<AwardResult>;

export const undoResultSchema = z.object({
  award: awardSchema,
  original: awardSchema,
  ranking: rankingUpdateSchema,
  replayed: z.boolean(),
}) satisfies Schema<UndoResult>;

export const announcementRequestSchema = z.strictObject({
  message: z.string().check(z.trim(), z.minLength(1, "Write the announcement first."), z.maxLength(500, "Announcements are at most 500 characters.")),
});

// App events (app-events.ts) ---------------------------------------------------

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const upTo = (max: number) => z.optional(z.string().check(z.trim(), z.maxLength(max)));
const stamp = { id: z.optional(z.string().check(z.maxLength(64))), sentAt: z.optional(z.iso.datetime()) };

export const notificationSchema = z.strictObject({
  title: text(120),
  body: upTo(500),
  level: z._default(z.enum(["info", "success", "warning"]), "info"),
  ...stamp,
}) satisfies Schema<AppNotification>;

export const announcementSchema = z.strictObject({ message: text(500), author: upTo(40), ...stamp }) satisfies Schema<Announcement>;

export const progressUpdateSchema = z.strictObject({
  athlete: text(40),
  metric: text(60),
  value: z.number(),
  unit: upTo(16),
  note: upTo(200),
  ...stamp,
}) satisfies Schema<ProgressUpdate>;

export const classUpdateSchema = z.strictObject({ title: text(120), message: upTo(500), ...stamp }) satisfies Schema<ClassUpdate>;

export const attendanceSchema = z
  .strictObject({
    present: z.int().check(z.gte(0), z.lte(10_000)),
    total: z.int().check(z.gte(0), z.lte(10_000)),
    ...stamp,
  })
  .check(z.refine((value) => value.present <= value.total, "present cannot exceed total.")) satisfies Schema<Attendance>;

export const mentionSchema = z.object({ messageId: z.string(), seq: z.int(), from: z.string(), excerpt: z.string() }) satisfies Schema<Mention>;

export const activityItemSchema = z.object({
  id: z.string(),
  channel: z.string(),
  event: z.string(),
  data: z.unknown(),
  at: z.string(),
}) satisfies Schema<ActivityItem>;

/** Which events each kind of app channel carries (app-events.ts APP_EVENTS). */
export const APP_EVENTS = {
  notification: { notification: notificationSchema },
  admin: { announcement: announcementSchema },
  progress: { "progress-update": progressUpdateSchema },
  class: { "class-update": classUpdateSchema, attendance: attendanceSchema },
  user: { notification: notificationSchema },
} satisfies Record<ChannelKind, Record<string, z.ZodMiniType>>;

/** The schema for `event` on `channel`, or null when that channel does not carry it. */
export function appEventSchema(channel: string, event: string): z.ZodMiniType | null {
  return eventOnChannel<z.ZodMiniType>(APP_EVENTS, channel, event);
}
