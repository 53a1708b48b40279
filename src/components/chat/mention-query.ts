/** Longest name the autocomplete looks for after an `@` (the server's mention limit). */
const MAX_QUERY = 40;
const WORD = /[\p{L}\p{N}_]/u;

/**
 * The `@mention` being typed at the caret, or null: an `@` at the start or
 * after a non-word character (not an e-mail address), followed up to the
 * caret by at most 40 characters on one line, and at most two spaces (names
 * may have them).
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at === -1) return null;
  if (at > 0 && WORD.test(before[at - 1]!)) return null;
  const query = before.slice(at + 1);
  if ([...query].length > MAX_QUERY || /[\n@]/.test(query) || /^\s/.test(query)) return null;
  if ((query.match(/ /g) ?? []).length > 2) return null;
  return { start: at, query };
}

/** `text` with the `@query` at `start` (up to the caret) replaced by `@name ` and where the caret goes after it. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^ /, "");
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}
