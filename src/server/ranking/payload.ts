import "server-only";

import { EVENT_DATA_MAX_BYTES } from "@/lib/limits";
import type { BoardRef, Period } from "@/lib/schemas";

import type { ApplyResult, Entry } from "./leaderboard";

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

/**
 * One row's JSON (the same text JSON.stringify gives) and its UTF-8 size,
 * for the Entry last seen for that athlete. `head` — `{"userId":…,"name":…,`
 * — is the only part that may need escaping or more than one byte per
 * character, so it is kept while the name stays; the numbers after it are
 * ASCII (their byte count is their length).
 */
interface RowJson {
  entry: Entry;
  head: string;
  headBytes: number;
  json: string;
  bytes: number;
}

// Rows repeat from one event to the next (the top list barely moves, and the
// board hands out the same frozen top rows while they hold), so each
// athlete's row text is kept by userId and reused while its fields are unchanged.
const ROW_MEMORY = 4096;
const rowMemory = new Map<string, RowJson>();

const sameNumbers = (a: Entry, b: Entry) => a.score === b.score && a.rank === b.rank && a.previousRank === b.previousRank && a.change === b.change;
const rowTail = (entry: Entry) => `"score":${entry.score},"rank":${entry.rank},"previousRank":${entry.previousRank},"change":${entry.change}}`;

function rowJson(entry: Entry): RowJson {
  const known = rowMemory.get(entry.userId);
  if (known !== undefined && (known.entry === entry || known.entry.name === entry.name)) {
    if (known.entry !== entry && !sameNumbers(known.entry, entry)) {
      const tail = rowTail(entry);
      known.json = known.head + tail;
      known.bytes = known.headBytes + tail.length;
    }
    known.entry = entry;
    return known;
  }
  const head = `{"userId":${JSON.stringify(entry.userId)},"name":${JSON.stringify(entry.name)},`;
  const headBytes = Buffer.byteLength(head, "utf8");
  const tail = rowTail(entry);
  const fresh = { entry, head, headBytes, json: head + tail, bytes: headBytes + tail.length };
  if (rowMemory.size >= ROW_MEMORY) rowMemory.clear();
  rowMemory.set(entry.userId, fresh);
  return fresh;
}

/** The rows' JSON texts joined by commas (the inside of a JSON array). */
function rowsJson(rows: readonly Entry[]): string {
  let out = "";
  for (let i = 0; i < rows.length; i += 1) out += i === 0 ? rowJson(rows[i] as Entry).json : `,${rowJson(rows[i] as Entry).json}`;
  return out;
}

/** Everything of an event but its two lists. */
type EventFrame = Omit<RankingUpdateEvent, "leaderboard" | "changes">;

/** The event's JSON text around the inside of its two lists, in the key order JSON.stringify gives the event. */
function eventText(frame: EventFrame, leaderboard: string, changes: string): string {
  const truncated = frame.truncated ? ',"truncated":true' : "";
  const epoch = frame.epoch === undefined ? "" : `"epoch":${JSON.stringify(frame.epoch)},`;
  const board = frame.board === undefined ? "" : `,"board":${JSON.stringify(frame.board)}`;
  const period = frame.period === undefined ? "" : `,"period":${JSON.stringify(frame.period)}`;
  return `{"leaderboard":[${leaderboard}],${epoch}"version":${frame.version},"updatedAt":${JSON.stringify(frame.updatedAt)},"changes":[${changes}],"total":${frame.total}${board}${period}${truncated}}`;
}

/** The event's JSON text, identical to JSON.stringify(event), built from the rows' memoized JSON. */
export function rankingUpdateJson(event: RankingUpdateEvent): string {
  return eventText(event, rowsJson(event.leaderboard), rowsJson(event.changes));
}

/** A byte budget filled row by row; each list takes a prefix of its rows. */
class Budget {
  constructor(private remaining: number) {}

  /**
   * Takes rows from the front of `rows` into `into` while they fit; true when
   * all fitted. `before` counts rows that will precede them in the same JSON
   * array (for the commas).
   */
  fill(into: Entry[], rows: readonly Entry[], before = 0): boolean {
    for (const row of rows) {
      const cost = rowJson(row).bytes + (into.length + before > 0 ? 1 : 0);
      if (cost > this.remaining) return false;
      this.remaining -= cost;
      into.push(row);
    }
    return true;
  }
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
 */
export function buildRankingUpdate(
  board: BoardView,
  result: ApplyResult,
  options: { topLimit?: number; maxBytes?: number; epoch?: string; board?: BoardRef; period?: Period | null } = {},
): RankingUpdateEvent {
  const { topLimit = DEFAULT_TOP_LIMIT, maxBytes = MAX_EVENT_BYTES, epoch } = options;
  const { version, updatedAt } = result;
  const stamp = epoch === undefined ? {} : { epoch };
  const { total } = board;
  const which = { ...(options.board ? { board: options.board } : {}), ...(options.period ? { period: options.period } : {}) };

  // Never read more rows than could possibly fit.
  const top = board.top(Math.min(topLimit, Math.ceil(maxBytes / MIN_ENTRY_BYTES)));
  const updatedIds = new Set(result.updatedUserIds);
  const updated = result.changes.filter((row) => updatedIds.has(row.userId));
  const displaced = result.changes.filter((row) => !updatedIds.has(row.userId));

  const pack = (truncated: boolean) => {
    const flag = truncated ? { truncated } : {};
    const skeleton = Buffer.byteLength(eventText({ ...stamp, version, updatedAt, total, ...which, ...flag }, "", ""), "utf8");
    const budget = new Budget(maxBytes - 1 - skeleton);
    const leaderboard: Entry[] = [];
    const keptUpdated: Entry[] = [];
    const keptDisplaced: Entry[] = [];
    const complete = budget.fill(keptUpdated, updated);
    if (budget.fill(leaderboard, top.slice(0, MIN_TOP_ENTRIES))) {
      budget.fill(keptDisplaced, displaced, keptUpdated.length);
      budget.fill(leaderboard, top.slice(MIN_TOP_ENTRIES));
    }
    return { complete, leaderboard, kept: new Set([...keptUpdated, ...keptDisplaced]) };
  };
  // Without `truncated` first; if some updated athlete does not fit, pack again
  // leaving room for the flag.
  let packed = pack(false);
  if (!packed.complete) packed = pack(true);
  const { complete, leaderboard, kept } = packed;

  // Back in rank order, as the result listed them.
  const changes = result.changes.filter((row) => kept.has(row));
  const event: RankingUpdateEvent = { leaderboard, ...stamp, version, updatedAt, changes, total, ...which };
  if (!complete) event.truncated = true;
  return event;
}
