import type { BoardRef, Entry, LeaderboardPage, MovementPeriod, Period, RankingUpdate } from "@/lib/schemas";

export interface LeaderboardState {
  rows: Entry[];
  /** Your own row when you are on the board (it may sit below the rows shown). */
  me: Entry | null;
  total: number;
  version: number;
  /** The epoch of the store the version belongs to (null until the first page or event). */
  epoch: string | null;
  updatedAt: string | null;
  loaded: boolean;
  /** The board's current period (null for all time, or until loaded). */
  period: Period | null;
  /** With movement asked: the period it is measured over. */
  movementPeriod: (Period & { window: MovementPeriod }) | null;
  /**
   * With movement asked: each known athlete's rank at the movement period's
   * start (null: not on the board then). Constant through the period, so
   * live rows get their movement from it; null when movement is not asked.
   */
  periodRanks: Record<string, number | null> | null;
}

export const initialLeaderboardState: LeaderboardState = {
  rows: [],
  me: null,
  total: 0,
  version: -1,
  epoch: null,
  updatedAt: null,
  loaded: false,
  period: null,
  movementPeriod: null,
  periodRanks: null,
};

export type LeaderboardAction =
  | { type: "page"; page: LeaderboardPage; me: Entry | null }
  | { type: "event"; event: RankingUpdate; userId: string | undefined }
  /** Another board was chosen: start over (versions are per board). */
  | { type: "reset" };

/** Whether an event or page is for `board` (no `board` on it: the team's all-time board). */
export function isBoard(ref: BoardRef | undefined, board: BoardRef): boolean {
  const held = ref ?? { window: "all" };
  return held.window === board.window && (held.classId ?? null) === (board.classId ?? null);
}

/** A row with its movement from the known rank at the period's start; unchanged when that rank is unknown. */
function withMovement(entry: Entry, periodRanks: Record<string, number | null> | null): Entry {
  if (!periodRanks || !Object.hasOwn(periodRanks, entry.userId)) return entry;
  const periodRank = periodRanks[entry.userId]!;
  return { ...entry, periodRank, movement: periodRank === null ? null : periodRank - entry.rank };
}

/** Rows of an event whose movement cannot be told yet (their rank at the period's start is not known): the hook refetches. */
export function lacksMovement(state: LeaderboardState, event: RankingUpdate): boolean {
  const ranks = state.periodRanks;
  return ranks !== null && event.leaderboard.some((entry) => !Object.hasOwn(ranks, entry.userId));
}

/**
 * What to do with a ranking-update, given the version and epoch held. An
 * event of another epoch (the server restarted without keeping the board, so
 * its versions started again) makes the server's board the new truth: refetch.
 */
export function classifyUpdate(held: number, event: RankingUpdate, heldEpoch: string | null = null): "stale" | "apply" | "refetch" {
  if (heldEpoch !== null && event.epoch !== heldEpoch) return "refetch";
  if (event.version <= held) return "stale";
  // Nothing loaded yet, a gap, or a partial event: only a full page is right.
  if (held < 0 || event.truncated || event.version > held + 1) return "refetch";
  return "apply";
}

/** A page or event from the same store as what is held (or nothing held yet). */
const sameEpoch = (state: LeaderboardState, epoch: string) => state.epoch === null || state.epoch === epoch;

/**
 * Applies a fetched page (unless older than what is held, in the same epoch)
 * or a live ranking-update of the epoch held. A page of another epoch is the
 * new truth whatever its version.
 */
export function leaderboardReducer(state: LeaderboardState, action: LeaderboardAction): LeaderboardState {
  switch (action.type) {
    case "reset":
      return initialLeaderboardState;
    case "page": {
      const { page } = action;
      if (sameEpoch(state, page.epoch) && page.version < state.version) return state;
      let periodRanks: Record<string, number | null> | null = null;
      if (page.movementPeriod) {
        // Kept across pages of one period (ranks at its start do not change); a new period starts afresh.
        const samePeriod = state.movementPeriod?.start === page.movementPeriod.start && state.movementPeriod.window === page.movementPeriod.window;
        periodRanks = samePeriod && state.periodRanks ? { ...state.periodRanks } : {};
        for (const entry of [...page.leaderboard, ...(action.me ? [action.me] : [])]) if (entry.periodRank !== undefined) periodRanks[entry.userId] = entry.periodRank;
      }
      return {
        rows: page.leaderboard,
        me: action.me,
        total: page.total,
        version: page.version,
        epoch: page.epoch,
        updatedAt: page.updatedAt,
        loaded: true,
        period: page.period ?? null,
        movementPeriod: page.movementPeriod ?? null,
        periodRanks,
      };
    }
    case "event": {
      const { event, userId } = action;
      // Another epoch's event is not applied on top of this board: the hook refetches instead.
      if (!sameEpoch(state, event.epoch) || event.version <= state.version) return state;
      const mine = userId ? (event.changes.find((e) => e.userId === userId) ?? event.leaderboard.find((e) => e.userId === userId)) : undefined;
      return {
        ...state,
        rows: event.leaderboard.map((entry) => withMovement(entry, state.periodRanks)),
        me: mine ? withMovement(mine, state.periodRanks) : state.me,
        // The server's count, never a guess from joins: removals and missed events cannot make it drift.
        total: event.total,
        version: event.version,
        epoch: event.epoch,
        updatedAt: event.updatedAt,
        loaded: true,
        period: event.period ?? state.period,
      };
    }
  }
}

/** Rank labels with ties marked: "1", "T-2", "T-2", "4". */
export function rankLabel(entry: Entry, rows: readonly Entry[]): string {
  const tied = rows.filter((row) => row.rank === entry.rank).length > 1;
  return tied ? `T-${entry.rank}` : String(entry.rank);
}

/** The accessible name of a movement indicator. */
export function movementLabel(entry: Entry): string {
  if (entry.change === null) return "new";
  if (entry.change > 0) return `up ${entry.change}`;
  if (entry.change < 0) return `down ${-entry.change}`;
  return "no change";
}

/** "Sam +50 → #2 (up 3)". */
export function scoreToast(name: string, points: number | null, entry: Entry): string {
  const delta = points === null ? "" : ` ${points > 0 ? "+" : "−"}${Math.abs(points)}`;
  return `${name}${delta} → #${entry.rank} (${movementLabel(entry)})`;
}
