/**
 * The class shapes (classes.ts) as the browser checks them: zod/mini
 * instead of classic zod, kept in step by client-classes.test.ts.
 */
import * as z from "zod/mini";

import { CHANNEL_ID_PATTERN } from "./channels";
import { CLASS_START_AHEAD_DAYS, CLASS_START_BACK_DAYS, CLASS_TITLE_MAX, LIVE_NAMES_MAX, startsAtInRange } from "./class-limits";
import type { ClassInfo, ClassList, StartClassRequest } from "./classes";

type Schema<T> = z.ZodMiniType<T, unknown>;

const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

export const classTitleSchema = z
  .string({ error: "Title must be text." })
  .check(
    z.trim(),
    z.minLength(1, "Give the class a title."),
    z.refine((title) => [...title].length <= CLASS_TITLE_MAX, `Titles are at most ${CLASS_TITLE_MAX} characters.`),
    z.refine((title) => !UNSAFE_CHARACTERS.test(title), "Titles cannot contain control characters."),
  );

export const startClassSchema = z.strictObject({
  title: classTitleSchema,
  startsAt: z.optional(
    z.iso
      .datetime({ offset: true, error: "startsAt must be an ISO-8601 date and time." })
      .check(z.refine((iso) => startsAtInRange(iso), `A class starts at most ${CLASS_START_BACK_DAYS} day back and ${CLASS_START_AHEAD_DAYS} days ahead.`)),
  ),
}) satisfies Schema<StartClassRequest>;

export const classInfoSchema = z.object({
  id: z.string().check(z.regex(CHANNEL_ID_PATTERN, "Not a valid class id.")),
  title: z.string(),
  startsAt: z.string(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }),
}) satisfies Schema<ClassInfo>;

export const classLiveSchema = z.object({
  count: z.int().check(z.nonnegative()),
  names: z.array(z.string()).check(z.maxLength(LIVE_NAMES_MAX)),
});

export const classListSchema = z.object({
  classes: z.array(z.extend(classInfoSchema, { live: z.nullable(classLiveSchema) })),
  liveError: z.optional(z.string()),
}) satisfies Schema<ClassList>;
