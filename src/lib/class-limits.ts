/**
 * The limits of classes, with no zod: the browser's schemas (client-classes.ts)
 * import them without pulling classic zod into a chunk.
 */

/** Longest class title, in characters a person counts. */
export const CLASS_TITLE_MAX = 80;
/** A class may be set to start at most this far ahead, or this far back. */
export const CLASS_START_AHEAD_DAYS = 60;
export const CLASS_START_BACK_DAYS = 1;
/** Most classes kept; the oldest go first. */
export const MAX_CLASSES = 200;
/** Most classes one list answers with. */
export const CLASS_LIST_MAX = 50;
/** Names listed per class as live (the count says how many in all). */
export const LIVE_NAMES_MAX = 5;

const DAY_MS = 86_400_000;

/** Whether `iso` is a start time a class may have, seen at `now`. */
export function startsAtInRange(iso: string, now = Date.now()): boolean {
  const at = Date.parse(iso);
  return at >= now - CLASS_START_BACK_DAYS * DAY_MS && at <= now + CLASS_START_AHEAD_DAYS * DAY_MS;
}
