import "server-only";

import { EVENT_DATA_MAX_BYTES } from "@/lib/limits";
import type { BoardRef, Period } from "@/lib/schemas";

import type { ApplyResult, Entry } from "./leaderboard";
import { BoardResult, rowText, rowTextFrom, type RowSources, type RowText } from "./row";

/**
 * Pusher's limit on an event's data (the one constant in src/lib/limits.ts);
 * every `ranking-update` serializes to fewer bytes. Kept under this name for
 * the bench, which imports it from here.
 */
export const MAX_EVENT_BYTES = EVENT_DATA_MAX_BYTES;

/** Rows of the top list an event carries when they fit. */
export const DEFAULT_TOP_LIMIT = 50;

/** Rows of the top list kept ahead of displaced neighbours when space runs short. */
export const MIN_TOP_ENTRIES = 10;

/** Data of the `ranking-update` event on `leaderboard-channel`. */
export interface RankingUpdateEvent {
  leaderboard: Entry[];
  /** The store's epoch (see store/epoch.ts); left out only by callers that have none (the bench). */
  epoch?: string;
  version: number;
  updatedAt: string;
  changes: Entry[];
  /** How many athletes the board holds after this change (the server's count, not a guess). */
  total: number;
  /** Which board (a window of the team's or a class's board); left out by callers that have one board only (the bench). */
  board?: BoardRef;
  /** The window's current period (not for "all"). */
  period?: Period;
  /** Present when some updated athletes did not fit in `changes`: re-fetch the board. */
  truncated?: true;
}

/** UTF-8 byte length of `JSON.stringify(value)`, what Pusher measures. */
export function eventByteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

// The smallest an entry can serialize to: bounds how many rows can ever fit.
const MIN_ENTRY_BYTES = eventByteLength({ userId: "", name: "", score: 0, rank: 1, previousRank: null, change: null });

/** The most top rows an event can use: what a store reads for one. */
export const EVENT_TOP_ROWS = Math.min(DEFAULT_TOP_LIMIT, Math.ceil(MAX_EVENT_BYTES / MIN_ENTRY_BYTES));

/** What an event is built from besides the mutation: the board's top rows and size right after it. */
export interface BoardView {
  top(limit: number): Entry[];
  readonly total: number;
}

/** The top list's row texts (flat) and, for the count last sent, their joined text. */
interface TopMemo {
  rows: readonly Entry[];
  texts: RowText[];
  joinedCount: number;
  joinedText: string;
}

// The board hands out the same frozen top rows while they hold (a frozen row
// never changes), so their texts, and the joined list, are kept, found by the
// first row. Unfrozen rows (the Redis store's) are serialized each time.
const topMemos = new WeakMap<Entry, TopMemo>();

function topMemo(top: readonly Entry[]): TopMemo {
  const first = top[0];
  const known = first === undefined ? undefined : topMemos.get(first);
  if (known !== undefined && known.rows.length >= top.length && top.every((row, i) => known.rows[i] === row)) return known;
  const keep = first !== undefined && Object.isFrozen(first);
  const memo = { rows: top, texts: top.map((row) => rowText(row, keep)), joinedCount: -1, joinedText: "" };
  if (keep) topMemos.set(first, memo);
  return memo;
}

/** The first `count` top rows' texts, joined. */
function topJson(memo: TopMemo, count: number): string {
  if (memo.joinedCount !== count) {
    memo.joinedText = joined(memo.texts, count);
    memo.joinedCount = count;
  }
  return memo.joinedText;
}

/** The JSON texts of the first `count` rows joined by commas (one flat copy, as Array#join makes): the inside of a JSON array. */
function joined(texts: readonly RowText[], count = texts.length): string {
  return pushRows([], texts, count).join("");
}

/** Pushes the first `count` row texts onto `parts`, comma-separated (the inside of a JSON array); returns `parts`. */
function pushRows(parts: string[], texts: readonly RowText[], count = texts.length): string[] {
  for (let i = 0; i < count; i += 1) {
    const text = texts[i] as RowText;
    if (i > 0) parts.push(",");
    parts.push(text.head, text.tail);
  }
  return parts;
}

/** Everything of an event but its two lists. */
type EventFrame = Omit<RankingUpdateEvent, "leaderboard" | "changes">;

/**
 * The event's JSON around the inside of its two lists, in the key order
 * JSON.stringify gives the event: `{"leaderboard":[` + rows + `middle` +
 * rows + `close` (or `closeTruncated`, with the flag), and the UTF-8 size
 * of the frame without the flag.
 */
interface FrameText {
  middle: string;
  close: string;
  closeTruncated: string;
  bytes: number;
}

const OPEN = '{"leaderboard":[';
const TRUNCATED = ',"truncated":true';

function frameText(frame: EventFrame): FrameText {
  const epoch = frame.epoch === undefined ? "" : `"epoch":${JSON.stringify(frame.epoch)},`;
  const board = frame.board === undefined ? "" : `,"board":${JSON.stringify(frame.board)}`;
  const period = frame.period === undefined ? "" : `,"period":${JSON.stringify(frame.period)}`;
  const middle = `],${epoch}"version":${frame.version},"updatedAt":${JSON.stringify(frame.updatedAt)},"changes":[`;
  const rest = `],"total":${frame.total}${board}${period}`;
  return { middle, close: `${rest}}`, closeTruncated: `${rest}${TRUNCATED}}`, bytes: OPEN.length + Buffer.byteLength(middle, "utf8") + Buffer.byteLength(rest, "utf8") + 1 };
}

/**
 * The event's JSON text: the frame around the top list's joined text and
 * the change rows, made flat here in one copy (Array#join). Built with `+`
 * it would be a rope, and its first reader (JSON.stringify of the trigger's
 * body) would pay for the copy instead, after the event seemed built.
 */
function eventText(framing: FrameText, truncated: boolean, leaderboard: string, changes: readonly RowText[]): string {
  const parts = [OPEN, leaderboard, framing.middle];
  pushRows(parts, changes);
  parts.push(truncated ? framing.closeTruncated : framing.close);
  return parts.join("");
}

// The texts of the events built last (frozen, so the text stays exact), for
// rankingUpdateJson: one award builds up to 8 events (4 windows, team and
// class) before serializing them. A ring of strong references rather than a
// WeakMap: weak entries for short-lived events made every scavenge copy
// their texts (at 100 000 athletes, GC took more time than the events).
const BUILT_RING = 16;
const builtEvents: (RankingUpdateEvent | undefined)[] = new Array(BUILT_RING).fill(undefined);
const builtTexts: string[] = new Array(BUILT_RING).fill("");
let builtNext = 0;

function rememberText(event: RankingUpdateEvent, text: string): void {
  builtEvents[builtNext] = event;
  builtTexts[builtNext] = text;
  builtNext = (builtNext + 1) % BUILT_RING;
}

/** The event's JSON text, identical to JSON.stringify(event): the one made while building it, or made from its rows. */
export function rankingUpdateJson(event: RankingUpdateEvent): string {
  for (let i = 0; i < BUILT_RING; i += 1) if (builtEvents[i] === event) return builtTexts[i] as string;
  return eventText(frameText(event), event.truncated === true, joined(event.leaderboard.map((row) => rowText(row))), event.changes.map((row) => rowText(row)));
}

/** The change rows' texts, each made on first use (a batch of 100 long rows stops at the first that does not fit). */
class ChangeTexts {
  readonly #rows: readonly Entry[];
  readonly #sources: RowSources | undefined;
  readonly #texts: (RowText | undefined)[];

  constructor(rows: readonly Entry[], sources: RowSources | undefined) {
    this.#rows = rows;
    this.#sources = sources;
    this.#texts = new Array<RowText | undefined>(rows.length);
  }

  get length(): number {
    return this.#rows.length;
  }

  at(i: number): RowText {
    const known = this.#texts[i];
    if (known !== undefined) return known;
    const athlete = this.#sources?.athletes[i];
    const row = this.#rows[i] as Entry;
    return (this.#texts[i] = athlete ? rowTextFrom(athlete.headText, athlete.headBytes, row, false) : rowText(row));
  }
}

interface Packed {
  /** Every updated row fitted. */
  complete: boolean;
  kept: boolean[];
  keptCount: number;
  /** How many top rows fitted (a prefix). */
  topCount: number;
}

/**
 * Fills `budget` bytes: the updated rows, the first top rows, the displaced
 * rows, the rest of the top; each list a prefix of its rows, every row after
 * the first of its list costing its comma too.
 */
function pack(budget: number, changes: ChangeTexts, updated: readonly boolean[], topTexts: readonly RowText[], topLength: number): Packed {
  let remaining = budget;
  const kept = new Array<boolean>(changes.length).fill(false);
  let keptCount = 0;
  let complete = true;
  for (let i = 0; i < changes.length; i += 1) {
    if (!updated[i]) continue;
    const cost = changes.at(i).bytes + (keptCount > 0 ? 1 : 0);
    if (cost > remaining) {
      complete = false;
      break;
    }
    remaining -= cost;
    kept[i] = true;
    keptCount += 1;
  }
  let topCount = 0;
  let topFits = true;
  for (const end = Math.min(MIN_TOP_ENTRIES, topLength); topCount < end; topCount += 1) {
    const cost = (topTexts[topCount] as RowText).bytes + (topCount > 0 ? 1 : 0);
    if (cost > remaining) {
      topFits = false;
      break;
    }
    remaining -= cost;
  }
  if (topFits) {
    for (let i = 0; i < changes.length; i += 1) {
      if (updated[i]) continue;
      const cost = changes.at(i).bytes + (keptCount > 0 ? 1 : 0);
      if (cost > remaining) break;
      remaining -= cost;
      kept[i] = true;
      keptCount += 1;
    }
    for (; topCount < topLength; topCount += 1) {
      const cost = (topTexts[topCount] as RowText).bytes + (topCount > 0 ? 1 : 0);
      if (cost > remaining) break;
      remaining -= cost;
    }
  }
  return { complete, kept, keptCount, topCount };
}

/**
 * Builds the `ranking-update` data for a mutation just made on `board` (call
 * it in the same tick, so the top list matches `result.version`).
 *
 * The result always serializes to fewer than `maxBytes` (default
 * {@link MAX_EVENT_BYTES}) UTF-8 bytes, whatever the board size and names.
 * Space goes, in order, to: the athletes updated by the batch (in rank
 * order), the first {@link MIN_TOP_ENTRIES} rows of the top list, the
 * displaced neighbours, then the rest of the top list up to `topLimit`. Each
 * list keeps a prefix. When not every updated athlete fits, `truncated: true`
 * tells clients to re-fetch the board. `epoch`, when given, is carried too.
 *
 * The event comes frozen (its lists too), with its JSON text made on the
 * way: rankingUpdateJson hands that text out without serializing again.
 */
export function buildRankingUpdate(
  board: BoardView,
  result: ApplyResult,
  options: { topLimit?: number; maxBytes?: number; epoch?: string; board?: BoardRef; period?: Period | null } = {},
): RankingUpdateEvent {
  const { topLimit = DEFAULT_TOP_LIMIT, maxBytes = MAX_EVENT_BYTES, epoch } = options;
  const frame: EventFrame = { version: result.version, updatedAt: result.updatedAt, total: board.total };
  if (epoch !== undefined) frame.epoch = epoch;
  if (options.board) frame.board = options.board;
  if (options.period) frame.period = options.period;
  const framing = frameText(frame);

  // Never read more rows than could possibly fit.
  const top = board.top(Math.min(topLimit, Math.ceil(maxBytes / MIN_ENTRY_BYTES)));
  const memo = topMemo(top);
  const topTexts = memo.texts;
  const { changes: rows, updatedUserIds } = result;
  // A board's result knows each row's athlete (its pre-serialised head) and
  // whether it was updated: no name to escape, no id to read and compare.
  const sources = BoardResult.sourcesOf(result);
  const changeTexts = new ChangeTexts(rows, sources);
  let ids: Set<string> | undefined;
  const updated = sources ? sources.updated : rows.map((row) => (ids ??= new Set(updatedUserIds)).has(row.userId));

  // Without `truncated` first; if some updated athlete does not fit, pack again
  // leaving room for the flag.
  const budget = maxBytes - 1 - framing.bytes;
  let packed = pack(budget, changeTexts, updated, topTexts, top.length);
  if (!packed.complete) packed = pack(budget - TRUNCATED.length, changeTexts, updated, topTexts, top.length);
  const { complete, kept, keptCount, topCount } = packed;

  // Changes back in rank order, as the result listed them.
  const changes = keptCount === rows.length ? rows.slice() : rows.filter((_, i) => kept[i]);
  const leaderboard = top.slice(0, topCount);
  const event: RankingUpdateEvent = { leaderboard, ...(epoch === undefined ? {} : { epoch }), version: frame.version, updatedAt: frame.updatedAt, changes, total: frame.total };
  if (frame.board) event.board = frame.board;
  if (frame.period) event.period = frame.period;
  if (!complete) event.truncated = true;
  const keptTexts: RowText[] = [];
  for (let i = 0; i < rows.length; i += 1) if (kept[i]) keptTexts.push(changeTexts.at(i));
  rememberText(event, eventText(framing, !complete, topJson(memo, topCount), keptTexts));
  Object.freeze(leaderboard);
  Object.freeze(changes);
  return Object.freeze(event);
}
