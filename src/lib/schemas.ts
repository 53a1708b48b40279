/**
 * Schemas shared by forms, routes and events: one definition per shape.
 * Isomorphic, but the browser checks the same shapes with client-schemas.ts
 * (zod/mini, in the signed-in page's lazy chunks only; client-schemas.test.ts
 * keeps them in step).
 */
import { z } from "zod";

import { parseMessageId, REACTION_EMOJI } from "./chat";
import { attachmentIdsSchema, attachmentListSchema } from "./attachment-schemas";
import { MAX_MESSAGE_CHARACTERS, MAX_POINTS } from "./limits";

export { MAX_MESSAGE_CHARACTERS, MAX_POINTS };

// Control characters and bidi overrides: invisible, and used for spoofing.
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

export const roleSchema = z.enum(["athlete", "coach"], { error: 'Role must be "athlete" or "coach".' });
export type Role = z.infer<typeof roleSchema>;

export const displayNameSchema = z
  .string({ error: "Name must be text." })
  .trim()
  .min(1, "Enter a name.")
  .refine((name) => [...name].length <= 40, "Name must be at most 40 characters.")
  .refine((name) => !UNSAFE_CHARACTERS.test(name), "Name cannot contain control characters.");

export const sessionRequestSchema = z.strictObject({
  name: displayNameSchema,
  role: roleSchema,
  accessCode: z.string().max(200, "Access code is too long.").optional(),
});
export type SessionRequest = z.infer<typeof sessionRequestSchema>;

export const sessionUserSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string(),
  role: roleSchema,
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** GET /api/users: team members whose name starts with `q` (the @-mention autocomplete). */
export const usersQuerySchema = z.strictObject({
  q: z.string().trim().max(40, "q is at most 40 characters.").default(""),
  limit: z.coerce.number({ error: "limit must be a number." }).int().min(1).max(20).default(8),
});
export type UsersQuery = z.infer<typeof usersQuerySchema>;
export const usersPageSchema = z.object({ users: z.array(sessionUserSchema) });
export type UsersPage = z.infer<typeof usersPageSchema>;

/** Pusher channel names: `[A-Za-z0-9_\-=@,.;]`, at most 164 characters. */
export const channelNameSchema = z
  .string()
  .min(1, "Channel name is required.")
  .max(164, "Channel names are at most 164 characters.")
  .regex(/^[A-Za-z0-9_\-=@,.;]+$/, "Channel names use letters, digits and _-=@,.; only.");

/** A socket id as the Pusher server assigns it. */
export const socketIdSchema = z.string().regex(/^\d{1,20}\.\d{1,20}$/, "Not a valid socket id.");

/** What pusher-js posts to the channel authorization endpoint. */
export const channelAuthRequestSchema = z.object({
  socket_id: socketIdSchema,
  channel_name: channelNameSchema,
});

/** App event names: never Pusher's own (`pusher:`, `pusher_internal:`) nor client events. */
export const appEventNameSchema = z
  .string()
  .min(1, "Event name is required.")
  .max(200, "Event names are at most 200 characters.")
  .regex(/^[A-Za-z0-9_\-=@,.;:]+$/, "Event names use letters, digits and _-=@,.;: only.")
  .refine(
    (name) => !/^(pusher:|pusher_internal:|client-)/.test(name),
    "pusher:, pusher_internal: and client- events cannot be triggered.",
  );

/** Ids that end up inside channel names (`class-{id}-channel`, `private-user-{id}`). */
export const channelIdSchema = z.string().regex(/^[A-Za-z0-9_\-=@,.;]{1,64}$/, "Not a valid id.");

export const ALLOWED_TRIGGER_CHANNELS = ["notification-channel", "admin-channel", "progress-channel"] as const;

/** Channels the admin API may trigger on. */
export const triggerChannelSchema = channelNameSchema.refine((channel) => {
  if ((ALLOWED_TRIGGER_CHANNELS as readonly string[]).includes(channel)) return true;
  const classId = /^class-(.+)-channel$/.exec(channel)?.[1];
  if (classId !== undefined) return channelIdSchema.safeParse(classId).success;
  const userId = /^private-user-(.+)$/.exec(channel)?.[1];
  return userId !== undefined && channelIdSchema.safeParse(userId).success;
}, "Events can be triggered only on notification-channel, admin-channel, progress-channel, class-{id}-channel and private-user-{id}.");

export const adminTriggerSchema = z.strictObject({
  channel: triggerChannelSchema,
  event: appEventNameSchema,
  data: z.unknown().refine((data) => data !== undefined, "data is required."),
});
export type AdminTrigger = z.infer<typeof adminTriggerSchema>;

// Chat ----------------------------------------------------------------------

// Control characters other than tab and newline: invisible, and they bloat events.
// Lone surrogates too: not text, and each one grows sixfold in JSON.
const MESSAGE_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

export const messageTextSchema = z
  .string({ error: "Message must be text." })
  .trim()
  .min(1, "Write a message first.")
  .refine((text) => [...text].length <= MAX_MESSAGE_CHARACTERS, `Messages are at most ${MAX_MESSAGE_CHARACTERS} characters.`)
  .refine((text) => !MESSAGE_UNSAFE.test(text), "Messages cannot contain control characters.");

export const clientMessageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "clientMessageId must be 8–64 letters, digits, _ or -.");

/** A message id as the store makes it: `m{seq}-{epoch}`. */
export const chatMessageIdSchema = z.string({ error: "messageId must be text." }).refine((id) => parseMessageId(id) !== null, "Not a message id.");

export const reactionEmojiSchema = z.enum(REACTION_EMOJI, { error: `Reactions are ${REACTION_EMOJI.join(" ")}.` });

/** Message text that may be empty: a message can carry files alone. */
const attachedTextSchema = z
  .string({ error: "Message must be text." })
  .trim()
  .refine((text) => [...text].length <= MAX_MESSAGE_CHARACTERS, `Messages are at most ${MAX_MESSAGE_CHARACTERS} characters.`)
  .refine((text) => !MESSAGE_UNSAFE.test(text), "Messages cannot contain control characters.");

export const postMessageSchema = z
  .strictObject({
    message: attachedTextSchema,
    clientMessageId: clientMessageIdSchema.optional(),
    /** The id of the message this one answers. */
    replyTo: chatMessageIdSchema.optional(),
    /** Files uploaded for this message (POST /api/files), by id, in order. */
    attachments: attachmentIdsSchema.optional(),
  })
  .refine((body) => body.message.length > 0 || (body.attachments?.length ?? 0) > 0, { path: ["message"], message: "Write a message first." });

/** PATCH /api/chat: the author's new text (within EDIT_WINDOW_MS of posting). */
export const editMessageSchema = z.strictObject({ messageId: chatMessageIdSchema, message: messageTextSchema });

/** DELETE /api/chat?messageId=: the author's own message, or any for a coach. */
export const deleteMessageQuerySchema = z.strictObject({ messageId: chatMessageIdSchema });

/** POST /api/chat/reactions: sets one reaction of the signed-in user on or off (idempotent either way). */
export const reactRequestSchema = z.strictObject({
  messageId: chatMessageIdSchema,
  emoji: reactionEmojiSchema,
  on: z.boolean({ error: "on must be true or false." }),
});

/** GET /api/chat/reactions?messageId=&emoji=: who reacted, by name. */
export const reactorsQuerySchema = z.strictObject({ messageId: chatMessageIdSchema, emoji: reactionEmojiSchema });

/** POST /api/chat/pins (coaches): pins or unpins a message (idempotent either way). */
export const pinRequestSchema = z.strictObject({ messageId: chatMessageIdSchema, pinned: z.boolean({ error: "pinned must be true or false." }) });

const seqParam = z.coerce.number({ error: "Expected a sequence number." }).int().min(0).max(Number.MAX_SAFE_INTEGER);

/** POST /api/chat/read: the signed-in user has read up to `seq` (positions only move forward). */
export const readRequestSchema = z.strictObject({
  seq: z.number({ error: "seq must be a number." }).int("seq must be a whole number.").min(0).max(Number.MAX_SAFE_INTEGER),
});

export const chatQuerySchema = z.strictObject({
  limit: z.coerce.number({ error: "limit must be a number." }).int().min(1).max(100).default(50),
  before: seqParam.optional(),
  after: seqParam.optional(),
  /** Also return the messages changed (edited, deleted, reacted to) since this `rev`, as `changes`. */
  changesSince: seqParam.optional(),
});
export type ChatQuery = z.infer<typeof chatQuerySchema>;

/** The message a reply answers, as it was quoted (`deleted`: the original was deleted since; excerpt ""). */
export const replyToSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  userId: z.string(),
  user: z.string(),
  excerpt: z.string(),
  deleted: z.literal(true).optional(),
});
export type ReplyTo = z.infer<typeof replyToSchema>;

/** One emoji's reactions on a message: the exact count, and up to MAX_LISTED_REACTORS of the ids. */
export const reactionSchema = z.object({
  emoji: z.string(),
  count: z.number().int().min(1),
  userIds: z.array(z.string()),
});
export type Reaction = z.infer<typeof reactionSchema>;

/**
 * A stored chat message, as the API returns it and `new-message` and
 * `message-updated` carry it. `rev`: the chat-wide change counter when it
 * last changed (0 in data stored before revs existed). A deleted message
 * keeps its seq and id, with empty text and no reactions or reply.
 */
export const chatMessageSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  rev: z.number().int().min(0).default(0),
  userId: z.string(),
  user: z.string(),
  message: z.string(),
  timestamp: z.string(),
  clientMessageId: z.string().optional(),
  /** The author's role when they posted (for the coach badge); absent on messages stored before it was kept. */
  role: roleSchema.optional(),
  replyTo: replyToSchema.optional(),
  editedAt: z.string().optional(),
  deleted: z.literal(true).optional(),
  reactions: z.array(reactionSchema).optional(),
  /** Files the message carries: metadata only (the bytes are at each `url`). */
  attachments: attachmentListSchema.optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const chatPageSchema = z.object({ messages: z.array(chatMessageSchema), hasMore: z.boolean() });
export type ChatPage = z.infer<typeof chatPageSchema>;

/** The chat store's epoch: a random id for the life of its data (a new one means earlier history is gone). */
const chatEpochSchema = z.string().min(1);

/** A pinned message, as the pinned bar shows it. */
export const pinSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  userId: z.string(),
  user: z.string(),
  excerpt: z.string(),
  pinnedBy: z.string(),
  pinnedAt: z.string(),
});
export type Pin = z.infer<typeof pinSchema>;

/**
 * GET /api/chat: a page of history and the epoch of the store it came from,
 * with the chat's `rev` when it was read, the pins, the reader's own
 * `lastReadSeq`, and (with `changesSince`) the held messages changed since
 * then — or `reload: true` when more than MAX_CHANGES did.
 */
export const chatHistorySchema = chatPageSchema.extend({
  epoch: chatEpochSchema,
  rev: z.number().int().min(0).default(0),
  pins: z.array(pinSchema).optional(),
  lastReadSeq: z.number().int().min(0).optional(),
  changes: z.array(chatMessageSchema).optional(),
  reload: z.literal(true).optional(),
});
export type ChatHistory = z.infer<typeof chatHistorySchema>;

/**
 * `new-message` (and POST /api/chat's `message`): the stored message and its
 * store's epoch. `partial`: too large for one event (the longest text with
 * files and a quote), so only its place is sent: pages fetch it (GET
 * /api/chat?after= or changesSince) instead of showing the event.
 */
export const newMessageEventSchema = chatMessageSchema.extend({ epoch: chatEpochSchema, partial: z.literal(true).optional() });
export type NewMessageEvent = z.infer<typeof newMessageEventSchema>;

/** `message-updated` on chat-channel (and the answer of every change): the whole message as it is now. */
export const messageUpdatedEventSchema = newMessageEventSchema;
export type MessageUpdatedEvent = NewMessageEvent;

/** `pins-updated` on chat-channel (and POST /api/chat/pins's answer): every pin, oldest first. */
export const pinsUpdatedEventSchema = z.object({ pins: z.array(pinSchema), rev: z.number().int().min(0), epoch: chatEpochSchema });
export type PinsUpdatedEvent = z.infer<typeof pinsUpdatedEventSchema>;

/** `read-updated` on private-user-{id} (and POST /api/chat/read's answer): how far that user has read. */
export const readUpdatedEventSchema = z.object({ lastReadSeq: z.number().int().min(0), epoch: chatEpochSchema });
export type ReadUpdatedEvent = z.infer<typeof readUpdatedEventSchema>;

/** One person's read position. */
export const readPositionSchema = z.object({ userId: z.string(), name: z.string(), seq: z.number().int().min(0) });
export type ReadPosition = z.infer<typeof readPositionSchema>;

/** `reads-updated` on private-coaches: one person read further. */
export const readsUpdatedEventSchema = readPositionSchema.extend({ epoch: chatEpochSchema });
export type ReadsUpdatedEvent = z.infer<typeof readsUpdatedEventSchema>;

/** GET /api/chat/reads (coaches): everyone's read position. */
export const readsResponseSchema = z.object({ reads: z.array(readPositionSchema), epoch: chatEpochSchema });
export type ReadsResponse = z.infer<typeof readsResponseSchema>;

/** GET /api/chat/reactions: the exact count and up to MAX_REACTORS_LISTED names. */
export const reactorsResponseSchema = z.object({
  emoji: z.string(),
  count: z.number().int().min(0),
  users: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type ReactorsResponse = z.infer<typeof reactorsResponseSchema>;

// Leaderboard ---------------------------------------------------------------

export const MAX_UPDATES_PER_BATCH = 100;

/** Longest reason on an award, in characters after trimming. */
export const MAX_AWARD_REASON = 80;

/** Athlete ids appear in channel names (`private-user-{id}`), so they follow the same rules. */
export const athleteIdSchema = channelIdSchema;

/** Class ids too (`class-{id}-channel`). */
export const classIdSchema = channelIdSchema;

/** The boards' time windows: today, this week, this month (in the team's time zone), all time. */
export const LEADERBOARD_WINDOWS = ["day", "week", "month", "all"] as const;
export const leaderboardWindowSchema = z.enum(LEADERBOARD_WINDOWS, { error: 'window must be "day", "week", "month" or "all".' });
export type LeaderboardWindow = z.infer<typeof leaderboardWindowSchema>;

/** Periods over which the all-time board can show rank movement. */
export const MOVEMENT_PERIODS = ["day", "week", "month"] as const;
export const movementPeriodSchema = z.enum(MOVEMENT_PERIODS, { error: 'movement must be "day", "week" or "month".' });
export type MovementPeriod = z.infer<typeof movementPeriodSchema>;

/** Which board: a window of the team's board, or of one class's board. */
export const boardRefSchema = z.object({ window: leaderboardWindowSchema, classId: z.string().optional() });
export type BoardRef = z.infer<typeof boardRefSchema>;

/** The current period of a window: [start, end) as ISO instants (null for "all"). */
export const periodSchema = z.object({ start: z.string(), end: z.string() });
export type Period = z.infer<typeof periodSchema>;

/** An award's reason: trimmed, at most 80 characters, no control characters; empty means none. */
export const awardReasonSchema = z
  .string({ error: "reason must be text." })
  .trim()
  .refine((text) => [...text].length <= MAX_AWARD_REASON, `reason is at most ${MAX_AWARD_REASON} characters.`)
  .refine((text) => !UNSAFE_CHARACTERS.test(text), "reason cannot contain control characters.");

export const scoreUpdateSchema = z.strictObject({
  userId: athleteIdSchema,
  points: z
    .number({ error: "points must be a number." })
    .int("points must be a whole number.")
    .min(-MAX_POINTS, `points must be between -${MAX_POINTS} and ${MAX_POINTS}.`)
    .max(MAX_POINTS, `points must be between -${MAX_POINTS} and ${MAX_POINTS}.`)
    .refine((points) => points !== 0, "points cannot be zero."),
  name: displayNameSchema.optional(),
  reason: awardReasonSchema.optional(),
  /** Also counts on this class's boards. */
  classId: classIdSchema.optional(),
});
export type ScoreUpdateInput = z.infer<typeof scoreUpdateSchema>;

/** One update, or `{ updates: [...] }` with at most 100. */
export const leaderboardPostSchema = z.union([
  scoreUpdateSchema,
  z.strictObject({
    updates: z
      .array(scoreUpdateSchema)
      .min(1, "updates needs at least one update.")
      .max(MAX_UPDATES_PER_BATCH, `At most ${MAX_UPDATES_PER_BATCH} updates per request.`),
  }),
]);

export const leaderboardQuerySchema = z.strictObject({
  limit: z.coerce.number({ error: "limit must be a number." }).int().min(1).max(100).default(50),
  around: athleteIdSchema.optional(),
  window: leaderboardWindowSchema.default("all"),
  classId: classIdSchema.optional(),
  /** Rows carry `periodRank` and `movement` over this period (all-time team board only). */
  movement: movementPeriodSchema.optional(),
});
export type LeaderboardQuery = z.infer<typeof leaderboardQuerySchema>;

export const leaderboardDeleteQuerySchema = z.strictObject({ userId: athleteIdSchema.optional() });

export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, "Idempotency-Key must be 8–128 URL-safe characters.");

export const entrySchema = z.object({
  userId: z.string(),
  name: z.string(),
  score: z.number(),
  rank: z.number().int(),
  previousRank: z.number().int().nullable(),
  change: z.number().int().nullable(),
  /** With `?movement=`: the rank at the start of that period (null: not on the board then). */
  periodRank: z.number().int().nullable().optional(),
  /** With `?movement=`: periodRank - rank (positive = moved up; null: new in the period). */
  movement: z.number().int().nullable().optional(),
});
export type Entry = z.infer<typeof entrySchema>;

/** The leaderboard store's epoch: a new one means the board's versions started again (a restart without Redis). */
const leaderboardEpochSchema = z.string().min(1);

export const leaderboardPageSchema = z.object({
  leaderboard: z.array(entrySchema),
  epoch: leaderboardEpochSchema,
  total: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
  /**
   * The signed-in viewer's own row when it is not among `leaderboard` (null
   * when they are not on the board), so a page needs one fetch, not two.
   */
  me: entrySchema.nullable().optional(),
  /** Which board this is (absent: the team's all-time board). */
  board: boardRefSchema.optional(),
  /** The window's current period (absent or null for "all"): refetch at `end`. */
  period: periodSchema.nullable().optional(),
  /** With `?movement=`: the period the rows' movement is measured over. */
  movementPeriod: periodSchema.extend({ window: movementPeriodSchema }).optional(),
});
export type LeaderboardPage = z.infer<typeof leaderboardPageSchema>;

export const rankingUpdateSchema = z.object({
  leaderboard: z.array(entrySchema),
  epoch: leaderboardEpochSchema,
  version: z.number().int(),
  updatedAt: z.string(),
  changes: z.array(entrySchema),
  /** How many athletes the server's board holds after this update: the count pages show. */
  total: z.number().int().min(0),
  truncated: z.literal(true).optional(),
  /** Which board the update is for (absent: the team's all-time board); each board has its own versions. */
  board: boardRefSchema.optional(),
  /** The window's period the board is in now (absent for "all"). */
  period: periodSchema.optional(),
});
export type RankingUpdate = z.infer<typeof rankingUpdateSchema>;

/** `score-changed` on `private-user-{id}`: your score moved. */
export const scoreChangedSchema = z.object({
  points: z.number().int(),
  score: z.number(),
  rank: z.number().int(),
  previousRank: z.number().int().nullable(),
  change: z.number().int().nullable(),
  reason: z.string().optional(),
  /** The award(s) behind it (their ids), when known. */
  awardIds: z.array(z.string()).optional(),
});
export type ScoreChanged = z.infer<typeof scoreChangedSchema>;

// Awards --------------------------------------------------------------------

/** Award ids: url-safe, as the server makes them. */
export const awardIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Not a valid award id.");

/** One award in the history: who gave it (a coach's id, or "admin" for the admin token), to whom, when, and its fate. */
export const awardSchema = z.object({
  id: z.string(),
  /** Order of the history: higher = later. */
  seq: z.number().int(),
  athleteId: z.string(),
  athleteName: z.string(),
  points: z.number().int(),
  reason: z.string().optional(),
  classId: z.string().optional(),
  /** The coach's user id, or "admin" for the admin token. */
  coachId: z.string(),
  coachName: z.string(),
  /** ISO time the award was given. */
  at: z.string(),
  /** Set on a compensating award: the award it undoes. */
  undoOf: z.string().optional(),
  /** Set on an undone award: the compensating award's id, who undid it and when. */
  undoneBy: z.string().optional(),
  undoneAt: z.string().optional(),
});
export type Award = z.infer<typeof awardSchema>;

const isoInstant = z.iso.datetime({ offset: true, error: "Expected an ISO-8601 date and time." });

export const awardsQuerySchema = z.strictObject({
  athlete: athleteIdSchema.optional(),
  coach: z.string().regex(/^[A-Za-z0-9_\-=@,.;]{1,64}$/, "Not a valid coach id.").optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  limit: z.coerce.number({ error: "limit must be a number." }).int().min(1).max(200).default(50),
  /** `nextCursor` of the previous page. */
  cursor: z.string().regex(/^\d{1,16}$/, "Not a valid cursor.").optional(),
  format: z.enum(["json", "csv"]).default("json"),
});
export type AwardsQuery = z.infer<typeof awardsQuerySchema>;

/** GET /api/awards: newest first; `nextCursor` fetches the next (older) page, null at the end. */
export const awardsPageSchema = z.object({ awards: z.array(awardSchema), nextCursor: z.string().nullable() });
export type AwardsPage = z.infer<typeof awardsPageSchema>;

export const awardSummaryQuerySchema = z.strictObject({
  athlete: athleteIdSchema.optional(),
  days: z.coerce.number({ error: "days must be a number." }).int().min(1).max(90).default(30),
});

/** GET /api/awards/summary: net points per day (team time zone) of awards not undone, oldest first, every day present. */
export const awardSummarySchema = z.object({
  athleteId: z.string(),
  days: z.array(z.object({ date: z.string(), points: z.number().int(), awards: z.number().int() })),
  total: z.number().int(),
  timeZone: z.string(),
});
export type AwardSummary = z.infer<typeof awardSummarySchema>;

/** POST /api/leaderboard: the team all-time board's ranking-update plus the awards it recorded (one per update, in order). */
export const awardResultSchema = rankingUpdateSchema.extend({ awards: z.array(awardSchema) });
export type AwardResult = z.infer<typeof awardResultSchema>;

/** POST /api/awards/{id}/undo: the compensating award, the original (now undone) and the team all-time board's update. */
export const undoResultSchema = z.object({
  award: awardSchema,
  original: awardSchema,
  ranking: rankingUpdateSchema,
  /** true: this award was undone before; nothing changed now. */
  replayed: z.boolean(),
});
export type UndoResult = z.infer<typeof undoResultSchema>;

// Announcements and activity -------------------------------------------------

export const announcementRequestSchema = z.strictObject({
  message: z.string().trim().min(1, "Write the announcement first.").max(500, "Announcements are at most 500 characters."),
});

/** Public app channels whose recent events can be read back. */
export const activityChannelSchema = channelNameSchema.refine(
  (channel) => ["notification-channel", "admin-channel", "progress-channel"].includes(channel) || /^class-[A-Za-z0-9_\-=@,.;]{1,64}-channel$/.test(channel),
  "Activity is kept for notification-channel, admin-channel, progress-channel and class-{id}-channel.",
);

export const activityQuerySchema = z.strictObject({
  channel: activityChannelSchema,
  limit: z.coerce.number().int().min(1).max(50).default(50),
});
