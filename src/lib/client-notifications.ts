/**
 * The browser's checks of notification shapes (API answers and the
 * `notification-added` / `notifications-read` events), in zod/mini under the
 * names of the server's schemas in notifications.ts. Like client-schemas.ts,
 * only the signed-in page's lazy chunks import it; client-notifications.test.ts
 * keeps the two in step.
 */
import * as z from "zod/mini";

import type { Notice, NoticeAddedEvent, NoticeList, NoticePreferences, NoticesReadEvent } from "./notifications";

type Schema<T> = z.ZodMiniType<T, unknown>;

export const noticeKindSchema = z.enum(["mention", "award", "announcement"]);

export const noticeIdSchema = z.string().check(z.regex(/^n-[A-Za-z0-9_-]{1,62}$/, "Not a valid notice id."));

export const noticeSchema = z.object({
  id: noticeIdSchema,
  kind: noticeKindSchema,
  title: z.string().check(z.minLength(1), z.maxLength(120)),
  body: z.optional(z.string().check(z.maxLength(500))),
  href: z.string().check(z.startsWith("/"), z.maxLength(300)),
  at: z.iso.datetime(),
  read: z.boolean(),
}) satisfies Schema<Notice>;

const count = z.int().check(z.nonnegative());

export const noticeListSchema = z.object({ notices: z.array(noticeSchema), unread: count }) satisfies Schema<NoticeList>;

export const noticeAddedEventSchema = z.object({ notice: noticeSchema, unread: count }) satisfies Schema<NoticeAddedEvent>;

export const noticesReadEventSchema = z.object({
  ids: z.array(noticeIdSchema).check(z.maxLength(100)),
  all: z.optional(z.boolean()),
  unread: count,
}) satisfies Schema<NoticesReadEvent>;

export const noticePreferencesSchema = z.object({
  mentions: z.boolean(),
  awards: z.boolean(),
  announcements: z.boolean(),
}) satisfies Schema<NoticePreferences>;
