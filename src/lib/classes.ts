/**
 * Classes a coach starts: the shapes of the form, `POST /api/classes`,
 * `GET /api/classes` and the `class-started` event on classes-channel.
 * Isomorphic; the browser checks the same shapes with client-classes.ts
 * (zod/mini), kept in step by client-classes.test.ts.
 */
import { z } from "zod";

import { CHANNEL_ID_PATTERN } from "./channels";
import { CLASS_LIST_MAX, CLASS_START_AHEAD_DAYS, CLASS_START_BACK_DAYS, CLASS_TITLE_MAX, LIVE_NAMES_MAX, startsAtInRange } from "./class-limits";

export { CLASS_LIST_MAX, CLASS_START_AHEAD_DAYS, CLASS_START_BACK_DAYS, CLASS_TITLE_MAX, LIVE_NAMES_MAX, MAX_CLASSES, startsAtInRange } from "./class-limits";

// Control characters and bidi overrides: invisible, and used for spoofing.
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

export const classTitleSchema = z
  .string({ error: "Title must be text." })
  .trim()
  .min(1, "Give the class a title.")
  .refine((title) => [...title].length <= CLASS_TITLE_MAX, `Titles are at most ${CLASS_TITLE_MAX} characters.`)
  .refine((title) => !UNSAFE_CHARACTERS.test(title), "Titles cannot contain control characters.");

/** The body of POST /api/classes: a title, and when it starts (now when left out). */
export const startClassSchema = z.strictObject({
  title: classTitleSchema,
  startsAt: z.iso
    .datetime({ offset: true, error: "startsAt must be an ISO-8601 date and time." })
    .refine((iso) => startsAtInRange(iso), `A class starts at most ${CLASS_START_BACK_DAYS} day back and ${CLASS_START_AHEAD_DAYS} days ahead.`)
    .optional(),
});
export type StartClassRequest = z.infer<typeof startClassSchema>;

export const classIdSchema = z.string().regex(CHANNEL_ID_PATTERN, "Not a valid class id.");

/** A class as stored, listed and announced. Times are ISO-8601. */
export const classInfoSchema = z.object({
  id: classIdSchema,
  title: z.string(),
  startsAt: z.string(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }),
});
export type ClassInfo = z.infer<typeof classInfoSchema>;

/** Who has a class's page open: how many people, and the first few names (sorted). */
export const classLiveSchema = z.object({
  count: z.number().int().nonnegative(),
  names: z.array(z.string()).max(LIVE_NAMES_MAX),
});
export type ClassLive = z.infer<typeof classLiveSchema>;

/** A class in the list, with who is live in it (null when that could not be read). */
export const classSummarySchema = classInfoSchema.extend({ live: classLiveSchema.nullable() });
export type ClassSummary = z.infer<typeof classSummarySchema>;

/** GET /api/classes: newest first; `liveError` says why `live` is null. */
export const classListSchema = z.object({
  classes: z.array(classSummarySchema),
  liveError: z.string().optional(),
});
export type ClassList = z.infer<typeof classListSchema>;

export const classListQuerySchema = z.strictObject({
  limit: z.coerce.number({ error: "limit must be a number." }).int().min(1).max(CLASS_LIST_MAX).default(CLASS_LIST_MAX),
});

/** GET /api/classes/{id}. */
export const classDetailSchema = z.object({ class: classSummarySchema, liveError: z.string().optional() });
