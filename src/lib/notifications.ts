/**
 * Stored notifications: one per person and event, kept on the server per user
 * (memory or Redis) and shown in the bell, as a toast or as a browser
 * notification. The server's zod shapes; the browser checks the same shapes
 * with client-schemas.ts (zod/mini).
 */
import { z } from "zod";

export const NOTICE_KINDS = ["mention", "award", "announcement"] as const;
export const noticeKindSchema = z.enum(NOTICE_KINDS);
export type NoticeKind = z.infer<typeof noticeKindSchema>;

/** Newest notices kept per user; older ones go first. */
export const MAX_NOTICES_PER_USER = 100;
export const MAX_NOTICE_TITLE = 120;
export const MAX_NOTICE_BODY = 500;

/** Notice ids: `n-` and 22 url-safe characters (derived from the event, so a retry finds the same one). */
export const noticeIdSchema = z.string().regex(/^n-[A-Za-z0-9_-]{1,62}$/, "Not a valid notice id.");

/** One notice as the API returns it and events carry it. `href` opens what it is about (deep-links.ts). */
export const noticeSchema = z.object({
  id: noticeIdSchema,
  kind: noticeKindSchema,
  title: z.string().min(1).max(MAX_NOTICE_TITLE),
  body: z.string().max(MAX_NOTICE_BODY).optional(),
  href: z.string().startsWith("/").max(300),
  at: z.iso.datetime(),
  read: z.boolean(),
});
export type Notice = z.infer<typeof noticeSchema>;

/** GET /api/notifications: newest first, with how many are unread. */
export const noticeListSchema = z.object({ notices: z.array(noticeSchema), unread: z.number().int().nonnegative() });
export type NoticeList = z.infer<typeof noticeListSchema>;

export const noticeListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_NOTICES_PER_USER).default(50),
});

/** POST /api/notifications/read: some notices, or all of them. */
export const markReadRequestSchema = z.union([
  z.strictObject({ ids: z.array(noticeIdSchema).min(1).max(MAX_NOTICES_PER_USER) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkReadRequest = z.infer<typeof markReadRequestSchema>;

/** `notification-added` on `private-user-{id}`: the new notice and the user's unread count after it. */
export const noticeAddedEventSchema = z.object({ notice: noticeSchema, unread: z.number().int().nonnegative() });
export type NoticeAddedEvent = z.infer<typeof noticeAddedEventSchema>;

/** `notifications-read` on `private-user-{id}`: what was just marked read (all, or these ids) and the unread count after. */
export const noticesReadEventSchema = z.object({
  ids: z.array(noticeIdSchema).max(MAX_NOTICES_PER_USER),
  all: z.boolean().optional(),
  unread: z.number().int().nonnegative(),
});
export type NoticesReadEvent = z.infer<typeof noticesReadEventSchema>;

/** Which kinds a person wants (all on until they say otherwise). */
export const noticePreferencesSchema = z.object({ mentions: z.boolean(), awards: z.boolean(), announcements: z.boolean() });
export type NoticePreferences = z.infer<typeof noticePreferencesSchema>;

/** PUT /api/notifications/preferences: any of the three, at least one. */
export const noticePreferencesUpdateSchema = z
  .strictObject({ mentions: z.boolean().optional(), awards: z.boolean().optional(), announcements: z.boolean().optional() })
  .refine((value) => Object.keys(value).length > 0, "Say which kinds to turn on or off.");

export const DEFAULT_PREFERENCES: NoticePreferences = { mentions: true, awards: true, announcements: true };

/** The preference that governs a kind. */
export const PREFERENCE_OF: Record<NoticeKind, keyof NoticePreferences> = {
  mention: "mentions",
  award: "awards",
  announcement: "announcements",
};
