import "server-only";

import { CHANNELS, EVENTS, userChannel } from "@/lib/channels";
import type { LeaderboardPage, RankingUpdate, ScoreChanged, ScoreUpdateInput } from "@/lib/schemas";

import { DeliveryLedger } from "../delivery-ledger";
import { HttpError, NotFoundError, RealtimeUnavailableError } from "../errors";
import { Leaderboard, UnknownAthleteError, InvalidScoreUpdateError, type ApplyResult } from "../ranking/leaderboard";
import { buildRankingUpdate, rankingUpdateJson, type RankingUpdateEvent } from "../ranking/payload";
import { triggerEvent, type OutgoingEvent } from "../realtime-gateway";

const IDEMPOTENCY_MEMORY = 1000;
/** Bounds the board's memory; the bench shows updates stay fast at this size. */
export const MAX_ATHLETES = 100_000;

interface LeaderboardState {
  board: Leaderboard;
  /** The answer given per idempotency key, oldest first (bounded). */
  replies: Map<string, RankingUpdateEvent>;
  /** Per award (idempotency key, or a one-off key): the events not yet sent. */
  deliveries: DeliveryLedger<string>;
}

const globalForBoard = globalThis as typeof globalThis & { __coachproLeaderboard?: LeaderboardState };

function freshState(): LeaderboardState {
  return { board: new Leaderboard(), replies: new Map(), deliveries: new DeliveryLedger("ranking update", IDEMPOTENCY_MEMORY) };
}

function state(): LeaderboardState {
  globalForBoard.__coachproLeaderboard ??= freshState();
  return globalForBoard.__coachproLeaderboard;
}

/** Starts from an empty board (tests). */
export function resetLeaderboardState(): void {
  globalForBoard.__coachproLeaderboard = freshState();
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
 * Adds points (one batch, atomically), re-ranks, then sends one
 * `ranking-update` and a notice to each athlete concerned, and waits for
 * them. With an idempotency key, a repeated request (even one arriving while
 * the first is in flight) gets the first answer, changes nothing and sends
 * only the events that have not gone out yet. 503 when the `ranking-update`
 * could not be sent: the points are kept, and a retry with the same key
 * delivers the update without adding them again.
 */
export async function applyScoreUpdates(updates: ScoreUpdateInput[], idempotencyKey?: string): Promise<RankingUpdate> {
  const { board, replies, deliveries } = state();
  const known = idempotencyKey ? replies.get(idempotencyKey) : undefined;
  if (known) return delivered(idempotencyKey!, known);
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
  // Remembered in the same tick as the change: a retry arriving meanwhile
  // gets this answer and joins this delivery instead of applying the points again.
  const key = idempotencyKey ?? `once:${event.version}`;
  if (idempotencyKey) {
    replies.set(idempotencyKey, event);
    if (replies.size > IDEMPOTENCY_MEMORY) replies.delete(replies.keys().next().value!);
  }
  deliveries.owe(key, [{ channel: CHANNELS.leaderboard, name: EVENTS.rankingUpdate, data: rankingUpdateJson(event) }, ...scoreNotices(updates, result)]);
  return delivered(key, event, idempotencyKey !== undefined);
}

/**
 * Sends what the award under `key` still owes; 503 while its ranking-update
 * has not gone out. An award without an idempotency key cannot be retried
 * as itself, so nothing more is owed for it afterwards.
 */
async function delivered(key: string, event: RankingUpdateEvent, retriable = true): Promise<RankingUpdateEvent> {
  const { deliveries } = state();
  const owed = await deliveries.settle(key);
  if (!retriable) deliveries.forget(key);
  if (owed.some((pending) => pending.name === EVENTS.rankingUpdate)) {
    throw new RealtimeUnavailableError("unreachable", undefined, "The points were recorded but the live update did not go out; retry with the same Idempotency-Key.");
  }
  return event;
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
