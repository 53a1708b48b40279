/**
 * Chat rules shared by the server, the browser and the tests: one constant
 * each (isomorphic, no dependencies, so the browser bundle stays small).
 */

/** The reactions a message can get: a small fixed set, in the order they are offered. */
export const REACTION_EMOJI = ["👍", "❤️", "😂", "🎉", "💪", "🔥"] as const;
export type ReactionEmoji = (typeof REACTION_EMOJI)[number];

/** Screen-reader names of the reactions, in the order of REACTION_EMOJI. */
export const REACTION_LABELS: Record<ReactionEmoji, string> = {
  "👍": "thumbs up",
  "❤️": "heart",
  "😂": "laughing",
  "🎉": "party",
  "💪": "strong",
  "🔥": "fire",
};

/** Most reactor ids a message lists per emoji (the count is always exact; GET /api/chat/reactions names them all). */
export const MAX_LISTED_REACTORS = 20;

/** How long after posting its author may edit a message. */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

/** Most messages pinned at once. */
export const MAX_PINS = 5;

/** Length of the quoted text a reply (and a pin) carries, in characters (code points). */
export const EXCERPT_CHARACTERS = 100;

/** Most changed messages one catch-up returns; a page further behind is told to reload. */
export const MAX_CHANGES = 100;

/** Most names GET /api/chat/reactions returns for one emoji. */
export const MAX_REACTORS_LISTED = 200;

/** The seq inside a message id (`m{seq}-{epoch}`), and its epoch; null for anything else. */
export function parseMessageId(id: string): { seq: number; epoch: string } | null {
  const match = /^m(\d{1,15})-([A-Za-z0-9_-]{1,32})$/.exec(id);
  return match ? { seq: Number(match[1]), epoch: match[2]! } : null;
}

/** The first `max` characters (code points) of `text`, with "…" when cut. */
export function excerptOf(text: string, max = EXCERPT_CHARACTERS): string {
  const points = [...text];
  return points.length <= max ? text : `${points.slice(0, max - 1).join("")}…`;
}
