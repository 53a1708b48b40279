import "server-only";

import { CHANNELS, EVENTS } from "@/lib/channels";
import type { AwardResult, LeaderboardPage, LeaderboardQuery, RankingUpdate, ScoreUpdateInput, UndoResult } from "@/lib/schemas";

import { DeliveryLedger } from "../delivery-ledger";
import { awardNotices } from "../notifications/notices";
import { sendNoticeEvents } from "../notifications/notification-service";
import { HttpError, NotFoundError, RealtimeUnavailableError } from "../errors";
import { InvalidScoreUpdateError, UnknownAthleteError } from "../ranking/leaderboard";
import { buildRankingUpdate, rankingUpdateJson, type RankingUpdateEvent } from "../ranking/payload";
import { triggerEvent } from "../realtime-gateway";
import { getStoreEpoch } from "../store/epoch";
import { getSharedRedis } from "../store/redis";
import { getSettings } from "../settings";
import { ADMIN_GIVER, AwardNotFoundError, UndoOfUndoError, type Giver } from "./awards";
import { BoardFullError, MemoryLeaderboardStore, type AwardChange, type BoardChange, type LeaderboardStore } from "./leaderboard-store";
import { periodJson } from "./periods";
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
  const timeZone = getSettings().teamTimeZone;
  return redis ? new RedisLeaderboardStore(redis, undefined, timeZone) : new MemoryLeaderboardStore(IDEMPOTENCY_MEMORY, timeZone);
}

function freshState(store: LeaderboardStore): LeaderboardState {
  return { store, deliveries: new DeliveryLedger("ranking update", IDEMPOTENCY_MEMORY) };
}

/** The process's leaderboard state (the store and what its awards still owe the realtime service). */
export function leaderboardState(): LeaderboardState {
  globalForBoard.__coachproLeaderboard ??= freshState(configuredStore());
  return globalForBoard.__coachproLeaderboard;
}

/** Starts from an empty in-memory board (tests), or from `store` (tests of the Redis store). */
export function resetLeaderboardState(store: LeaderboardStore = new MemoryLeaderboardStore(IDEMPOTENCY_MEMORY)): void {
  globalForBoard.__coachproLeaderboard = freshState(store);
}

/**
 * The top `limit` athletes of one board (`window`, `classId`; rows with
 * movement over a period when asked), or the neighbourhood of `around`, with
 * the store's epoch. Given the signed-in `viewerId`, a page of top rows that
 * does not hold the viewer also carries their own row as `me` (null when
 * they are not on that board), so the page needs no second request.
 */
export async function readLeaderboard(query: Partial<LeaderboardQuery> & { limit: number }, viewerId?: string): Promise<LeaderboardPage> {
  const { store } = leaderboardState();
  const [page, epoch] = await Promise.all([store.read(query), getStoreEpoch()]);
  if (!page) throw new NotFoundError(`No athlete "${query.around}" on the board.`);
  if (viewerId === undefined || query.around !== undefined) return { ...page, epoch };
  if (page.leaderboard.some((entry) => entry.userId === viewerId)) return { ...page, epoch };
  const own = page.total > page.leaderboard.length ? await store.read({ ...query, around: viewerId, limit: 1 }) : null;
  return { ...page, epoch, me: own?.leaderboard.find((entry) => entry.userId === viewerId) ?? null };
}

/** The `ranking-update` for a change, stamped with the store's epoch. */
async function eventOf(change: BoardChange): Promise<RankingUpdateEvent> {
  return eventWith(change, await getStoreEpoch());
}

/** The `ranking-update` for one board's change, with its board and period (what every award sends per board). */
export function eventWith(change: BoardChange, epoch: string): RankingUpdateEvent {
  const view = { top: (limit: number) => change.top.slice(0, limit), total: change.total };
  const period = change.span ? periodJson(change.span) : null;
  return buildRankingUpdate(view, change.result, { epoch, board: change.board ?? { window: "all" }, period });
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
 * whatever the retries: keyed by the batch's first award id) and sends them.
 * A missed notice is not worth failing the award for: logged, and the
 * athlete's bell loads it next time.
 */
async function notifyAwards(change: AwardChange): Promise<void> {
  const first = change.awards[0];
  if (!first) return;
  const updates = change.awards.map((award) => ({ userId: award.athleteId, points: award.points, ...(award.reason ? { reason: award.reason } : {}) }));
  try {
    await sendNoticeEvents(await awardNotices(updates, change.result, `id:${first.id}`), "award notices");
  } catch (error) {
    console.error(`coachpro: award notices failed: ${(error as Error).message}`);
  }
}

/** The store's errors as HTTP errors. */
function asHttpError(error: unknown): unknown {
  if (error instanceof UnknownAthleteError) return new HttpError(422, "unknown_athlete", error.message);
  if (error instanceof InvalidScoreUpdateError) return new HttpError(422, "invalid_score", error.message);
  if (error instanceof BoardFullError) return new HttpError(422, "board_full", error.message);
  if (error instanceof AwardNotFoundError) return new NotFoundError(error.message);
  if (error instanceof UndoOfUndoError) return new HttpError(422, "cannot_undo_undo", error.message);
  return error;
}

/**
 * Owes (unless replayed) one `ranking-update` per board the change touched,
 * team all-time first, then the athletes' notices, under `key`; sends them
 * and answers the team all-time board's event. What the events need is in
 * the store's answer: no await between the store and `owe` but the epoch,
 * read once per process, so a retry arriving meanwhile finds this debt and
 * joins its delivery instead of sending again.
 */
async function announceAward(change: AwardChange, key: string | undefined, retriable: boolean): Promise<RankingUpdate> {
  const { deliveries } = leaderboardState();
  const epoch = await getStoreEpoch();
  const [first, ...others] = (change.boards.length > 0 ? change.boards : [change]).map((board) => eventWith(board, epoch));
  const owedKey = key ?? `once:${first!.version}`;
  if (!change.replayed) {
    const updates = [first!, ...others].map((event) => ({ channel: CHANNELS.leaderboard, name: EVENTS.rankingUpdate, data: rankingUpdateJson(event) }));
    deliveries.owe(owedKey, updates);
  }
  const update = await delivered(owedKey, first as RankingUpdate, retriable);
  await notifyAwards(change);
  return update;
}

/**
 * Records the awards (reason, class, who gave them) and adds their points on
 * every board they count on (one batch, atomically), then sends one
 * `ranking-update` per board changed and a notice to each athlete, and waits
 * for them. With an idempotency key, a repeated request (even one arriving
 * while the first is in flight) gets the first answer, changes nothing and
 * sends only the events that have not gone out yet. 503 when a
 * `ranking-update` could not be sent: the points are kept, and a retry with
 * the same key delivers the updates without adding them again.
 */
export async function applyScoreUpdates(updates: ScoreUpdateInput[], idempotencyKey?: string, by: Giver = ADMIN_GIVER): Promise<AwardResult> {
  let change: AwardChange;
  try {
    const batch = updates.map(({ userId, points, name, reason, classId }) => ({ userId, points, ...(name ? { name } : {}), ...(reason ? { reason } : {}), ...(classId ? { classId } : {}) }));
    change = await leaderboardState().store.apply(batch, { idempotencyKey, maxAthletes: MAX_ATHLETES, by });
  } catch (error) {
    throw asHttpError(error);
  }
  const event = await announceAward(change, idempotencyKey, idempotencyKey !== undefined);
  return { ...event, awards: change.awards };
}

/**
 * Undoes an award with a compensating one (−points, `undoOf`) on the boards
 * it counted on, announced like an award. Safe to repeat: every repeat
 * answers the same compensating award (`replayed`) and only sends what is
 * still owed. 404 for an unknown award, 422 for an undo of an undo.
 */
export async function undoAward(awardId: string, by: Giver = ADMIN_GIVER): Promise<UndoResult> {
  let change;
  try {
    change = await leaderboardState().store.undo(awardId, { maxAthletes: MAX_ATHLETES, by });
  } catch (error) {
    throw asHttpError(error);
  }
  const ranking = await announceAward(change, `undo:${awardId}`, true);
  return { award: change.award, original: change.original, ranking, replayed: change.replayed };
}

/**
 * Sends what the award under `key` still owes; 503 while its ranking-update
 * has not gone out. An award without an idempotency key cannot be retried
 * as itself, so nothing more is owed for it afterwards.
 */
async function delivered(key: string, event: RankingUpdate, retriable = true): Promise<RankingUpdate> {
  const { deliveries } = leaderboardState();
  const owed = await deliveries.settle(key);
  if (!retriable) deliveries.forget(key);
  if (owed.some((pending) => pending.name === EVENTS.rankingUpdate)) {
    throw new RealtimeUnavailableError("unreachable", undefined, "The points were recorded but the live update did not go out; retry with the same Idempotency-Key.");
  }
  return event;
}

/** Removes one athlete (404 if unknown) and announces the new board. */
export async function removeAthlete(userId: string): Promise<RankingUpdate> {
  const change = await leaderboardState().store.remove(userId);
  if (!change) throw new NotFoundError(`No athlete "${userId}" on the board.`);
  return announce(change);
}

/** Empties the board and announces it. */
export async function resetLeaderboard(): Promise<RankingUpdate> {
  return announce(await leaderboardState().store.reset());
}
