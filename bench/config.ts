/**
 * The bench's workloads. `full` fits in 5 minutes on the 2-core machine,
 * `quick` in about one, `smoke` (the test's) in seconds without `next start`.
 */
import type { ConnectionsOptions } from "./connections";
import type { EndToEndOptions } from "./end-to-end";
import type { FanoutOptions } from "./fanout";
import type { FloodOptions } from "./flood";
import type { LeaderboardOptions } from "./leaderboard";
import type { OrderingOptions } from "./ordering";
import type { StoreWritesOptions } from "./store-writes";
import type { PageLoadOptions } from "./page-load";
import type { ThroughputOptions } from "./throughput";

export type Mode = "full" | "quick" | "smoke";

type WithoutLog<T> = Omit<T, "log">;

export interface BenchConfig {
  mode: Mode;
  fanout: WithoutLog<FanoutOptions>;
  /** Undefined: (b) and (c) are skipped (no `next start`). */
  endToEnd?: WithoutLog<EndToEndOptions>;
  throughput?: WithoutLog<ThroughputOptions>;
  leaderboard: WithoutLog<LeaderboardOptions>;
  connections: WithoutLog<ConnectionsOptions>;
  /** Undefined: (f) is skipped (it takes seconds a smoke run does not have). */
  flood?: WithoutLog<FloodOptions>;
  /** Undefined: (h) is skipped (no `next start`). */
  ordering?: WithoutLog<OrderingOptions>;
  /** Undefined: (i) is skipped (no redis-server in smoke mode). */
  storeWrites?: WithoutLog<StoreWritesOptions>;
  /** Undefined: (g) is skipped (no `next start`). */
  pageLoad?: WithoutLog<PageLoadOptions>;
}

const RIVALS = ["embedded", "socketio", "ws"] as const;

export const CONFIGS: Record<Mode, BenchConfig> = {
  full: {
    mode: "full",
    fanout: {
      sizes: [
        { subscribers: 100, rate: 50, warmup: 25, broadcasts: 250, burst: 400 },
        { subscribers: 1000, rate: 20, warmup: 10, broadcasts: 100, burst: 100 },
        // 2/s: 20,000 deliveries a second keep the one client process well below
        // saturation, so the latency is the server's, not the clients' queue.
        { subscribers: 10_000, rate: 2, warmup: 2, broadcasts: 16, burst: 10 },
      ],
      rivals: [...RIVALS],
      payloadBytes: 200,
      window: 4,
      rounds: 3,
      warmupBlock: true,
    },
    endToEnd: { clients: 100, rate: 20, warmup: 20, messages: 200 },
    // Chat: 20 posts / 10 s per athlete; scores: 60 / min per coach. Enough of
    // each for 1,500 requests/s over warm-up + run.
    throughput: { durationSeconds: 8, rounds: 2, warmupSeconds: 2, connections: 32, chatUsers: 1000, coaches: 320, athletes: 1000 },
    leaderboard: { sizes: [1_000, 10_000, 100_000], updates: 20_000, warmup: 2_000, batches: 200 },
    connections: { count: 10_000, concurrency: 200, idleSeconds: 15, rivals: [...RIVALS] },
    flood: { seconds: 4 },
    // The figure: 1,000 subscribers, 20 athletes posting 20 messages/s for 60 s.
    ordering: { subscribers: 1000, posters: 20, rate: 20, seconds: 60, burst: 200, burstConcurrency: 40 },
    storeWrites: { seconds: 3, concurrency: 32, athletes: 10_000 },
    pageLoad: { loads: 30, warmup: 3 },
  },
  quick: {
    mode: "quick",
    fanout: {
      sizes: [
        { subscribers: 100, rate: 50, warmup: 10, broadcasts: 100, burst: 150 },
        { subscribers: 1000, rate: 20, warmup: 5, broadcasts: 40, burst: 30 },
      ],
      rivals: [...RIVALS],
      payloadBytes: 200,
      window: 4,
      rounds: 1,
      warmupBlock: true,
    },
    endToEnd: { clients: 100, rate: 20, warmup: 10, messages: 60 },
    throughput: { durationSeconds: 3, rounds: 1, warmupSeconds: 1, connections: 32, chatUsers: 400, coaches: 150, athletes: 1000 },
    leaderboard: { sizes: [1_000, 10_000, 100_000], updates: 5_000, warmup: 1_000, batches: 50 },
    connections: { count: 10_000, concurrency: 200, idleSeconds: 0, rivals: [...RIVALS] },
    flood: { seconds: 2 },
    ordering: { subscribers: 1000, posters: 20, rate: 20, seconds: 3, burst: 100, burstConcurrency: 40 },
    storeWrites: { seconds: 0.5, concurrency: 32, athletes: 2_000 },
    pageLoad: { loads: 5, warmup: 1 },
  },
  smoke: {
    mode: "smoke",
    fanout: {
      sizes: [{ subscribers: 5, rate: 50, warmup: 3, broadcasts: 10, burst: 10 }],
      rivals: [...RIVALS],
      payloadBytes: 200,
      window: 4,
      rounds: 1,
      warmupBlock: false,
    },
    leaderboard: { sizes: [1_000], updates: 200, warmup: 50, batches: 5 },
    connections: { count: 20, concurrency: 10, idleSeconds: 0, rivals: [...RIVALS] },
  },
};
