/** The shape of `bench/results/latest.json`. */
import type { Mode } from "./config";
import type { ConnectionsRow } from "./connections";
import type { EndToEndResult } from "./end-to-end";
import type { FanoutRatios, FanoutRow } from "./fanout";
import type { FloodResult } from "./flood";
import type { LeaderboardRow } from "./leaderboard";
import type { OrderingResult } from "./ordering";
import type { StoreWritesRow } from "./store-writes";
import type { PageLoadResult } from "./page-load";
import type { ThroughputRow } from "./throughput";

/** A part's result, or why it did not run or failed. */
export type Part<T> = { status: "ok"; seconds: number; result: T } | { status: "skipped"; reason: string } | { status: "failed"; seconds: number; error: string };

export interface Machine {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  /** `ulimit -n` of the bench process (its children inherit it). */
  openFilesLimit: string;
  /** 1-minute load average at the start and end: other work on the machine shows here. */
  loadStart: number;
  loadEnd: number;
}

export interface Target {
  part: "a" | "b" | "c" | "d" | "e" | "f" | "g" | "h" | "i";
  target: string;
  measured: string;
  met: boolean | undefined;
}

export interface BenchResults {
  version: 1;
  mode: Mode;
  startedAt: string;
  seconds: number;
  machine: Machine;
  fanout: Part<{ rows: FanoutRow[]; ratios: FanoutRatios[] }>;
  endToEnd: Part<EndToEndResult>;
  throughput: Part<ThroughputRow[]>;
  leaderboard: Part<LeaderboardRow[]>;
  connections: Part<ConnectionsRow[]>;
  /** Optional: results written before part (f) existed lack it. */
  flood?: Part<FloodResult>;
  /** Optional: results written before parts (h) and (i) existed lack them. */
  ordering?: Part<OrderingResult>;
  storeWrites?: Part<StoreWritesRow[]>;
  /** Optional: results written before part (g) existed lack it. */
  pageLoad?: Part<PageLoadResult>;
  targets: Target[];
  /** Hot functions per profiled process (`--profile`). */
  profiles?: Record<string, { name: string; where: string; selfMs: number; totalMs: number }[]>;
}
