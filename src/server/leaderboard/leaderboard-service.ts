import "server-only";

import { CHANNELS, EVENTS } from "@/lib/channels";
import type { LeaderboardPage, RankingUpdate, ScoreUpdateInput } from "@/lib/schemas";

import { DeliveryLedger } from "../delivery-ledger";
import { awardNotices } from "../notifications/notices";
import { sendNoticeEvents } from "../notifications/notification-service";
import { HttpError, NotFoundError, RealtimeUnavailableError } from "../errors";
import { InvalidScoreUpdateError, UnknownAthleteError, type ApplyResult } from "../ranking/leaderboard";
import { buildRankingUpdate, rankingUpdateJson, type RankingUpdateEvent } from "../ranking/payload";
import { triggerEvent } from "../realtime-gateway";
import { getStoreEpoch } from "../store/epoch";
import { getSharedRedis } from "../store/redis";
import { BoardFullError, MemoryLeaderboardStore, type BoardChange, type LeaderboardStore } from "./leaderboard-store";
import { RedisLeaderboardStore } from "./redis-leaderboard-store";

const IDEMPOTENCY_MEMORY = 1000;
/** Bounds the board's memory; the bench shows updates stay fast at this size. */
export const MAX_ATHLETES = 100_000;

interface LeaderboardState {
  store: LeaderboardStore;
  /** Per award (idempotency key, or a one-off key): the events not yet sent. */
  deliveries: DeliveryLedger<string>;
}

const globalForBoard = globalThis as typeof globalThis & { __coachproLeaderboard?: LeaderboardState };

/** The store the settings ask for: Redis when REDIS_URL is set, else this process's memory. */
function configuredStore(): LeaderboardStore {
  const redis = getSharedRedis();
  return redis ? new RedisLeaderboardStore(redis) : new MemoryLeaderboardStore(IDEMPOTENCY_MEMORY);
}

function freshState(store: LeaderboardStore): LeaderboardState {
  return { store, deliveries: new DeliveryLedger("ranking update", IDEMPOTENCY_MEMORY) };
}

function state(): LeaderboardState {
  globalForBoard.__coachproLeaderboard ??= freshState(configuredStore());
  return globalForBoard.__coachproLeaderboard;
}

/** Starts from an empty in-memory board (tests), or from `store` (tests of the Redis store). */
export function resetLeaderboardState(store: LeaderboardStore = new MemoryLeaderboardStore(IDEMPOTENCY_MEMORY)): void {
  globalForBoard.__coachproLeaderboard = freshState(store);
}

/**
 * The top `limit` athletes, or the neighbourhood of `around`, with the
 * store's epoch. Given the signed-in `viewerId`, a page of top rows that does
 * not hold the viewer also carries their own row as `me` (null when they are
 * not on the board), so the page needs no second request to find itself.
 */
export async function readLeaderboard(query: { limit: number; around?: string }, viewerId?: string): Promise<LeaderboardPage> {
  const { store } = state();
  const [page, epoch] = await Promise.all([store.read(query), getStoreEpoch()]);
  if (!page) throw new NotFoundError(`No athlete "${query.around}" on the board.`);
  if (viewerId === undefined || query.around !== undefined) return { ...page, epoch };
  if (page.leaderboard.some((entry) => entry.userId === viewerId)) return { ...page, epoch };
  const own = page.total > page.leaderboard.length ? await store.read({ around: viewerId, limit: 1 }) : null;
  return { ...page, epoch, me: own?.leaderboard.find((entry) => entry.userId === viewerId) ?? null };
}

/** The `ranking-update` for a change, stamped with the store's epoch. */
async function eventOf(change: BoardChange): Promise<RankingUpdateEvent> {
  const view = { top: (limit: number) => change.top.slice(0, limit), total: change.total };
  return buildRankingUpdate(view, change.result, { epoch: await getStoreEpoch() });
}

/** The event for a mutation, announced on leaderboard-channel and awaited. */
async function announce(change: BoardChange): Promise<RankingUpdate> {
  const event = await eventOf(change);
  try {
    await triggerEvent(CHANNELS.leaderboard, EVENTS.rankingUpdate, rankingUpdateJson(event));
  } catch (error) {
    // The board changed either way; clients re-fetch on their next (re)subscription.
    if (!(error instanceof RealtimeUnavailableError)) throw error;
  }
  return event as RankingUpdate;
}

/**
 * Stores an award notice for each athlete named in the batch (once per award,
 * whatever the retries) and sends them. A missed notice is not worth failing
 * the award for: logged, and the athlete's bell loads it next time.
 */
async function notifyAwards(updates: ScoreUpdateInput[], result: ApplyResult, awardKey: string): Promise<void> {
  try {
    await sendNoticeEvents(await awardNotices(updates, result, awardKey), "award notices");
  } catch (error) {
    console.error(`coachpro: award notices failed: ${(error as Error).message}`);
  }
}

/**
 * Adds points (one batch, atomically), re-ranks, then sends one
 * `ranking-update` and a stored award notice to each athlete concerned, and
 * waits for them. With an idempotency key, a repeated request (even one arriving while
 * the first is in flight) gets the first answer, changes nothing and sends
 * only the events that have not gone out yet. 503 when the `ranking-update`
 * could not be sent: the points are kept, and a retry with the same key
 * delivers the update without adding them again.
 */
export async function applyScoreUpdates(updates: ScoreUpdateInput[], idempotencyKey?: string): Promise<RankingUpdate> {
  const { store, deliveries } = state();
  let change: BoardChange;
  try {
    const batch = updates.map(({ userId, points, name }) => ({ userId, points, ...(name ? { name } : {}) }));
    change = await store.apply(batch, { idempotencyKey, maxAthletes: MAX_ATHLETES });
  } catch (error) {
    if (error instanceof UnknownAthleteError) throw new HttpError(422, "unknown_athlete", error.message);
    if (error instanceof InvalidScoreUpdateError) throw new HttpError(422, "invalid_score", error.message);
    if (error instanceof BoardFullError) throw new HttpError(422, "board_full", error.message);
    throw error;
  }
  // What the event needs is in the store's answer: no await between here and
  // `owe` but the epoch, read once per process, so a retry arriving meanwhile
  // finds this debt and joins its delivery instead of sending again.
  const event = await eventOf(change);
  const key = idempotencyKey ?? `once:${event.version}`;
  if (!change.replayed) {
    deliveries.owe(key, [{ channel: CHANNELS.leaderboard, name: EVENTS.rankingUpdate, data: rankingUpdateJson(event) }]);
  }
  const update = await delivered(key, event as RankingUpdate, idempotencyKey !== undefined);
  await notifyAwards(updates, change.result, idempotencyKey === undefined ? `${event.epoch}:${event.version}` : `key:${idempotencyKey}`);
  return update;
}

/**
 * Sends what the award under `key` still owes; 503 while its ranking-update
 * has not gone out. An award without an idempotency key cannot be retried
 * as itself, so nothing more is owed for it afterwards.
 */
async function delivered(key: string, event: RankingUpdate, retriable = true): Promise<RankingUpdate> {
  const { deliveries } = state();
  const owed = await deliveries.settle(key);
  if (!retriable) deliveries.forget(key);
  if (owed.some((pending) => pending.name === EVENTS.rankingUpdate)) {
    throw new RealtimeUnavailableError("unreachable", undefined, "The points were recorded but the live update did not go out; retry with the same Idempotency-Key.");
  }
  return event;
}

/** Removes one athlete (404 if unknown) and announces the new board. */
export async function removeAthlete(userId: string): Promise<RankingUpdate> {
  const change = await state().store.remove(userId);
  if (!change) throw new NotFoundError(`No athlete "${userId}" on the board.`);
  return announce(change);
}

/** Empties the board and announces it. */
export async function resetLeaderboard(): Promise<RankingUpdate> {
  return announce(await state().store.reset());
}
