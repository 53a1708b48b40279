import "server-only";

import type { ApplyResult, Entry } from "./leaderboard";

/** `{"userId":…,"name":…,` exactly as JSON.stringify writes an Entry's first two fields, and its UTF-8 size. */
export interface RowHead {
  readonly text: string;
  readonly bytes: number;
}

/**
 * One row's JSON (the text JSON.stringify gives the Entry) as two parts,
 * `head + tail`, and its UTF-8 size. Kept apart so that a row made from an
 * athlete's head is copied once, into the event, and its head is never
 * read before that (at 100 000 athletes each read of a cold string is a
 * cache miss).
 */
export interface RowText {
  readonly head: string;
  readonly tail: string;
  readonly bytes: number;
}

// Text JSON.stringify leaves as it is between quotes, one byte per character:
// printable ASCII but `"` and `\`.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

// `parts` as one flat string. Array#join copies; `+` makes a rope, and V8
// flattens a rope node by node when it is read or written to a socket
// (~8 ns a node: an event of 70 rows built with `+` cost ~8 µs to flatten).
const flat = (parts: string[]) => parts.join("");

/** An athlete's row head: made (flat) when the athlete joins or is renamed, not per event. */
export function rowHead(userId: string, name: string): RowHead {
  if (PLAIN.test(userId) && PLAIN.test(name)) {
    const text = flat(['{"userId":"', userId, '","name":"', name, '",']);
    return { text, bytes: text.length };
  }
  const text = flat(['{"userId":', JSON.stringify(userId), ',"name":', JSON.stringify(name), ","]);
  return { text, bytes: Buffer.byteLength(text, "utf8") };
}

/** The row's JSON from its head (one flat part when it is to be kept): the rest is numbers and null, ASCII (one byte per character). */
export function rowTextFrom(head: string, headBytes: number, entry: Entry, keep: boolean): RowText {
  const tail = `"score":${entry.score},"rank":${entry.rank},"previousRank":${entry.previousRank},"change":${entry.change}}`;
  return keep ? { head: flat([head, tail]), tail: "", bytes: headBytes + tail.length } : { head, tail, bytes: headBytes + tail.length };
}

/** Any Entry's JSON text and UTF-8 size, made from its fields. */
export function rowText(entry: Entry, keep = false): RowText {
  const head = rowHead(entry.userId, entry.name);
  return rowTextFrom(head.text, head.bytes, entry, keep);
}

/** What the board knows of a result's rows: each row's athlete (its pre-serialised head), and whether it was named in the batch. */
export interface RowSources {
  readonly athletes: readonly { readonly headText: string; readonly headBytes: number }[];
  readonly updated: readonly boolean[];
}

/**
 * An ApplyResult as the board makes it. Its own properties are exactly
 * ApplyResult's (JSON, spreads and toEqual see a plain result); a private
 * field keeps, for each row of `changes`, its athlete's pre-serialised row
 * head and whether it is an updated athlete, so an event is built without
 * escaping or measuring a name again, or reading an id to compare it.
 */
export class BoardResult implements ApplyResult {
  readonly version: number;
  readonly updatedAt: string;
  readonly changes: Entry[];
  readonly updatedUserIds: string[];
  readonly #sources: RowSources;
  readonly #rows: readonly Entry[];

  /** `sources.athletes[i]` is the athlete of `changes[i]`. */
  constructor(version: number, updatedAt: string, changes: Entry[], updatedUserIds: string[], sources: RowSources) {
    this.version = version;
    this.updatedAt = updatedAt;
    this.changes = changes;
    this.updatedUserIds = updatedUserIds;
    this.#sources = sources;
    this.#rows = changes;
  }

  /** The sources of a board-made result's rows (undefined for any other result, or once its changes were replaced). */
  static sourcesOf(result: ApplyResult): RowSources | undefined {
    return #sources in result && result.changes === result.#rows ? result.#sources : undefined;
  }
}
