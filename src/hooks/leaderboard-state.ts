import type { Entry, LeaderboardPage, RankingUpdate } from "@/lib/schemas";

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
}

export const initialLeaderboardState: LeaderboardState = { rows: [], me: null, total: 0, version: -1, epoch: null, updatedAt: null, loaded: false };

export type LeaderboardAction =
  | { type: "page"; page: LeaderboardPage; me: Entry | null }
  | { type: "event"; event: RankingUpdate; userId: string | undefined };

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
    case "page":
      if (sameEpoch(state, action.page.epoch) && action.page.version < state.version) return state;
      return {
        rows: action.page.leaderboard,
        me: action.me,
        total: action.page.total,
        version: action.page.version,
        epoch: action.page.epoch,
        updatedAt: action.page.updatedAt,
        loaded: true,
      };
    case "event": {
      const { event, userId } = action;
      // Another epoch's event is not applied on top of this board: the hook refetches instead.
      if (!sameEpoch(state, event.epoch) || event.version <= state.version) return state;
      const mine = userId ? (event.changes.find((e) => e.userId === userId) ?? event.leaderboard.find((e) => e.userId === userId)) : undefined;
      return {
        rows: event.leaderboard,
        me: mine ?? state.me,
        // The server's count, never a guess from joins: removals and missed events cannot make it drift.
        total: event.total,
        version: event.version,
        epoch: event.epoch,
        updatedAt: event.updatedAt,
        loaded: true,
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
