import "server-only";

import { CHANNELS, EVENTS, userChannel } from "@/lib/channels";
import type { LeaderboardPage, RankingUpdate, ScoreChanged, ScoreUpdateInput } from "@/lib/schemas";

import { HttpError, NotFoundError, RealtimeUnavailableError } from "../errors";
import { Leaderboard, UnknownAthleteError, InvalidScoreUpdateError, type ApplyResult } from "../ranking/leaderboard";
import { buildRankingUpdate, rankingUpdateJson } from "../ranking/payload";
import { triggerEvent, triggerEvents, type OutgoingEvent } from "../realtime";

const IDEMPOTENCY_MEMORY = 1000;
/** Bounds the board's memory; the bench shows updates stay fast at this size. */
export const MAX_ATHLETES = 100_000;

interface LeaderboardState {
  board: Leaderboard;
  /** Answers given (or being given) per idempotency key, oldest first. */
  replies: Map<string, Promise<RankingUpdate>>;
}

const globalForBoard = globalThis as typeof globalThis & { __coachproLeaderboard?: LeaderboardState };

function state(): LeaderboardState {
  globalForBoard.__coachproLeaderboard ??= { board: new Leaderboard(), replies: new Map() };
  return globalForBoard.__coachproLeaderboard;
}

/** Starts from an empty board (tests). */
export function resetLeaderboardState(): void {
  globalForBoard.__coachproLeaderboard = { board: new Leaderboard(), replies: new Map() };
}

/** The top `limit` athletes, or the neighbourhood of `around`. */
export function readLeaderboard(query: { limit: number; around?: string }): LeaderboardPage {
  const { board } = state();
  if (query.around !== undefined && !board.entry(query.around)) throw new NotFoundError(`No athlete "${query.around}" on the board.`);
  const leaderboard = query.around !== undefined ? board.around(query.around, query.limit) : board.top(query.limit);
  return { leaderboard, total: board.total, version: board.version, updatedAt: board.updatedAt };
}

/** The event for a mutation, announced on leaderboard-channel and awaited. */
async function announce(result: ApplyResult): Promise<RankingUpdate> {
  const event = buildRankingUpdate(state().board, result);
  try {
    await triggerEvent(CHANNELS.leaderboard, EVENTS.rankingUpdate, event);
  } catch (error) {
    // The board changed either way; clients re-fetch on their next (re)subscription.
    if (!(error instanceof RealtimeUnavailableError)) throw error;
  }
  return event;
}

/** `score-changed` for each athlete named in the batch, on their own private channel. */
function scoreNotices(updates: ScoreUpdateInput[], result: ApplyResult): OutgoingEvent[] {
  const { board } = state();
  return result.updatedUserIds.flatMap((userId) => {
    const entry = board.entry(userId);
    if (!entry) return [];
    const mine = updates.filter((update) => update.userId === userId);
    const reason = mine.map((update) => update.reason).filter(Boolean).join("; ");
    const data: ScoreChanged = {
      points: mine.reduce((sum, update) => sum + update.points, 0),
      score: entry.score,
      rank: entry.rank,
      previousRank: entry.previousRank,
      change: entry.change,
      ...(reason ? { reason } : {}),
    };
    return [{ channel: userChannel(userId), name: EVENTS.scoreChanged, data }];
  });
}

/**
 * Adds points (one batch, atomically), re-ranks, then announces one
 * `ranking-update` and notifies each athlete concerned. With an idempotency
 * key, a repeated request gets the first answer and changes nothing.
 */
export async function applyScoreUpdates(updates: ScoreUpdateInput[], idempotencyKey?: string): Promise<RankingUpdate> {
  const { board, replies } = state();
  const known = idempotencyKey ? replies.get(idempotencyKey) : undefined;
  if (known) return known;
  if (countNewAthletes(board, updates) + board.total > MAX_ATHLETES) {
    throw new HttpError(422, "board_full", `The leaderboard holds at most ${MAX_ATHLETES} athletes.`);
  }
  let result: ApplyResult;
  try {
    result = board.apply(updates.map(({ userId, points, name }) => ({ userId, points, ...(name ? { name } : {}) })));
  } catch (error) {
    if (error instanceof UnknownAthleteError) throw new HttpError(422, "unknown_athlete", error.message);
    if (error instanceof InvalidScoreUpdateError) throw new HttpError(422, "invalid_score", error.message);
    throw error;
  }
  const event = buildRankingUpdate(board, result);
  // Remember the answer before waiting on the trigger: a retry that arrives
  // meanwhile must get this answer, not apply the points a second time.
  const sent = triggerEvents(
    [{ channel: CHANNELS.leaderboard, name: EVENTS.rankingUpdate, data: rankingUpdateJson(event) }, ...scoreNotices(updates, result)],
    "ranking update",
  ).then(() => event);
  if (idempotencyKey) {
    replies.set(idempotencyKey, sent);
    if (replies.size > IDEMPOTENCY_MEMORY) replies.delete(replies.keys().next().value!);
  }
  return sent;
}

function countNewAthletes(board: Leaderboard, updates: ScoreUpdateInput[]): number {
  return new Set(updates.map((update) => update.userId).filter((userId) => !board.entry(userId))).size;
}

/** Removes one athlete (404 if unknown) and announces the new board. */
export async function removeAthlete(userId: string): Promise<RankingUpdate> {
  const result = state().board.remove(userId);
  if (!result) throw new NotFoundError(`No athlete "${userId}" on the board.`);
  return announce(result);
}

/** Empties the board and announces it. */
export async function resetLeaderboard(): Promise<RankingUpdate> {
  return announce(state().board.reset());
}
