/** Lower case without accents: "José" and "jose" are the same name to a search. */
export function foldName(text: string): string {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLocaleLowerCase("en").trim();
}

/** Whether `name` matches what was typed: every word typed appears in it (any case, any accents). */
export function matchesName(name: string, query: string): boolean {
  const words = foldName(query).split(/\s+/).filter(Boolean);
  const folded = foldName(name);
  return words.every((word) => folded.includes(word));
}
