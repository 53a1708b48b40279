/**
 * (d) Leaderboard core, in process: the cost of one score update on boards
 * of 1k, 10k and 100k athletes — `apply` alone, and `apply` plus building
 * and serializing the `ranking-update` event (what POST /api/leaderboard
 * does before triggering) — and the largest event, including batches of 100
 * updates with the longest names allowed.
 */
import { Leaderboard, type ScoreUpdate } from "../src/server/ranking/leaderboard";
import { buildRankingUpdate, rankingUpdateJson } from "../src/server/ranking/payload";
import { newHistogram, summarize, type Summary } from "./lib/histogram";
import { randomInt, seededRandom } from "./lib/random";

export interface LeaderboardOptions {
  sizes: number[];
  /** Single-athlete updates measured per size (after `warmup` unmeasured ones). */
  updates: number;
  warmup: number;
  /** Batches of 100 updates with 40-character multi-byte names, per size. */
  batches: number;
  log: (line: string) => void;
}

export interface LeaderboardRow {
  athletes: number;
  /** `apply` of one update, µs. */
  applyMicros: Summary;
  /** `apply` + `buildRankingUpdate` + `rankingUpdateJson` (what the service sends), µs: the target's "update". */
  updateMicros: Summary;
  /** One batch of 100 updates, apply + event, µs. */
  batchMicros: Summary;
  largestEventBytes: number;
  /** Events flagged `truncated` (not every updated athlete fitted). */
  truncatedEvents: number;
  buildMs: number;
}

export const BATCH_SIZE = 100;
const BUILD_BATCH = 1000;
// The longest display name allowed (40 characters), 4 UTF-8 bytes each.
const LONG_NAME = "🏃".repeat(40);
const LONG_ID_PREFIX = "athlete-with-a-long-identifier-for-the-payload-bench-";

const nanosSince = (start: bigint) => Number(process.hrtime.bigint() - start);

export function runLeaderboard(options: LeaderboardOptions): LeaderboardRow[] {
  return options.sizes.map((size) => {
    options.log(`leaderboard: ${size.toLocaleString("en")} athletes`);
    return measure(size, options);
  });
}

function measure(athletes: number, options: LeaderboardOptions): LeaderboardRow {
  const random = seededRandom(athletes);
  const board = new Leaderboard();
  const buildStart = performance.now();
  for (let first = 0; first < athletes; first += BUILD_BATCH) {
    const batch: ScoreUpdate[] = [];
    for (let i = first; i < Math.min(athletes, first + BUILD_BATCH); i += 1) {
      batch.push({ userId: `a${i}`, name: `Athlete ${i}`, points: randomInt(random, 1, 10_000) });
    }
    board.apply(batch);
  }
  const buildMs = performance.now() - buildStart;

  const apply = newHistogram(1e10);
  const update = newHistogram(1e10);
  const batchCost = newHistogram(1e10);
  let largest = 0;
  let truncated = 0;
  // What the service sends: the event built for this mutation, serialized for the trigger.
  const event = (result: ReturnType<Leaderboard["apply"]>) => rankingUpdateJson(buildRankingUpdate(board, result));
  const observe = (data: string) => {
    largest = Math.max(largest, Buffer.byteLength(data, "utf8"));
    if (data.includes('"truncated":true')) truncated += 1;
  };
  const randomPoints = () => {
    const points = randomInt(random, -200, 500);
    return points === 0 ? 1 : points;
  };

  // Single updates: a random athlete gains or loses points.
  for (let i = 0; i < options.warmup + options.updates; i += 1) {
    const updates = [{ userId: `a${randomInt(random, 0, athletes - 1)}`, points: randomPoints() }];
    const start = process.hrtime.bigint();
    const result = board.apply(updates);
    const applied = nanosSince(start);
    const data = event(result);
    const total = nanosSince(start);
    observe(data);
    if (i < options.warmup) continue;
    apply.recordValue(Math.max(1, applied));
    update.recordValue(Math.max(1, total));
  }

  // Worst-case payloads: 100 athletes per batch, the longest ids and names, some of them new.
  for (let i = 0; i < options.batches; i += 1) {
    const updates: ScoreUpdate[] = [];
    for (let j = 0; j < BATCH_SIZE; j += 1) {
      const id = randomInt(random, 0, athletes - 1);
      updates.push({ userId: `${LONG_ID_PREFIX}${id}`.slice(0, 64), name: LONG_NAME, points: randomInt(random, 1, 20_000) });
    }
    const start = process.hrtime.bigint();
    const data = event(board.apply(updates));
    batchCost.recordValue(Math.max(1, nanosSince(start)));
    observe(data);
  }

  return {
    athletes,
    applyMicros: summarize(apply),
    updateMicros: summarize(update),
    batchMicros: summarize(batchCost),
    largestEventBytes: largest,
    truncatedEvents: truncated,
    buildMs: Math.round(buildMs),
  };
}

export { MAX_EVENT_BYTES } from "../src/server/ranking/payload";
