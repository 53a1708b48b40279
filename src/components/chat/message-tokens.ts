import { find } from "linkifyjs";

/** A piece of a message's text: plain, a safe link, or an `@mention` of a known member. */
export type MessageToken =
  | { type: "text"; value: string }
  | { type: "link"; value: string; href: string }
  | { type: "mention"; value: string; self: boolean };

const MAX_NAME = 40;
/** Bounds the work on one message: names tried across all its `@`s (as the server does). */
const MAX_CANDIDATES = 1_000;
const BOUNDARY = /[\s.,!?;:)\]}'"]/u;
const WORD = /[\p{L}\p{N}_]/u;

/**
 * The href a found link may carry, or null: only http and https, normalised
 * by the URL parser (so `<`, quotes and spaces come out percent-encoded).
 * `javascript:`, `data:`, `mailto:`, `ftp:` and the like stay plain text.
 */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The `@mentions` in `text` of people whose (lower-cased) name is in `names`,
 * by the server's rules: an `@` not right after a letter or digit (so not an
 * e-mail address), then the longest known name ending at a word boundary.
 */
export function findMentionSpans(text: string, names: ReadonlySet<string>): { start: number; end: number; name: string }[] {
  const spans: { start: number; end: number; name: string }[] = [];
  if (names.size === 0) return spans;
  let tried = 0;
  for (let at = text.indexOf("@"); at !== -1 && tried < MAX_CANDIDATES; at = text.indexOf("@", at + 1)) {
    if (at > 0 && WORD.test(text[at - 1]!)) continue;
    const rest = [...text.slice(at + 1, at + 1 + MAX_NAME * 2)].slice(0, MAX_NAME);
    for (let length = rest.length; length > 0; length -= 1) {
      const next = rest[length];
      if (next !== undefined && !BOUNDARY.test(next)) continue;
      tried += 1;
      const name = rest.slice(0, length).join("");
      if (names.has(name.toLowerCase())) {
        spans.push({ start: at, end: at + 1 + name.length, name });
        at += name.length;
        break;
      }
    }
  }
  return spans;
}

function mentionsIn(text: string, names: ReadonlySet<string>, me: string | undefined): MessageToken[] {
  const tokens: MessageToken[] = [];
  let from = 0;
  for (const span of findMentionSpans(text, names)) {
    if (span.start > from) tokens.push({ type: "text", value: text.slice(from, span.start) });
    tokens.push({ type: "mention", value: text.slice(span.start, span.end), self: me !== undefined && span.name.toLowerCase() === me });
    from = span.end;
  }
  if (from < text.length) tokens.push({ type: "text", value: text.slice(from) });
  return tokens;
}

/**
 * Splits a message into text, links (http/https only, see safeHref) and
 * mentions of known members (`names`, any case; `me` marks mentions of the
 * reader). Everything stays text for React to render: nothing is ever HTML.
 */
export function tokenize(text: string, options: { names?: Iterable<string>; me?: string } = {}): MessageToken[] {
  const names = new Set([...(options.names ?? [])].map((name) => name.toLowerCase()));
  const me = options.me?.toLowerCase();
  if (me) names.add(me);
  const tokens: MessageToken[] = [];
  let from = 0;
  for (const link of find(text, "url")) {
    const href = safeHref(link.href);
    if (!href) continue;
    if (link.start > from) tokens.push(...mentionsIn(text.slice(from, link.start), names, me));
    tokens.push({ type: "link", value: link.value, href });
    from = link.end;
  }
  if (from < text.length) tokens.push(...mentionsIn(text.slice(from), names, me));
  return tokens;
}

/** Whether `text` mentions `name` (any case), by the same rules as the highlighting. */
export function mentions(text: string, name: string): boolean {
  return findMentionSpans(text, new Set([name.toLowerCase()])).length > 0;
}
