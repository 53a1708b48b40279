/**
 * `npm run bench` — the benchmarks of issue #6, loopback only, bounded in
 * time: prints a table and writes bench/results/latest.json.
 *
 *   npm run bench                   full run (≤ 5 min on 2 cores)
 *   npm run bench -- --quick        about a minute (writes latest-quick.json)
 *   npm run bench -- --only=a,d     some parts: a fan-out, b end to end,
 *                                   c API throughput, d leaderboard, e connections,
 *                                   f one client flooding, g page load → Connected
 *                                   h events in order under load, i store writes
 *                                   (memory beside Redis)
 *   npm run bench -- --profile      CPU profiles of every server under test,
 *                                   hot functions printed and saved
 *   npm run bench -- --out=FILE     write the JSON elsewhere
 */
import { execSync } from "node:child_process";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CONFIGS, type Mode } from "./config";
import { runConnections } from "./connections";
import { runEndToEnd } from "./end-to-end";
import { runFanout } from "./fanout";
import { runFlood } from "./flood";
import { runLeaderboard } from "./leaderboard";
import { runOrdering } from "./ordering";
import { runPageLoad } from "./page-load";
import { hasProductionBuild, startApp, type RunningApp } from "./lib/app";
import { hotFunctions } from "./lib/cpu-profile";
import { openFilesLimit } from "./lib/limits";
import { formatReport } from "./report";
import type { BenchResults, Machine, Part } from "./results";
import { checkTargets } from "./targets";
import { runStoreWrites } from "./store-writes";
import { runThroughput } from "./throughput";

export type PartKey = "a" | "b" | "c" | "d" | "e" | "f" | "g" | "h" | "i";
const ALL_PARTS: PartKey[] = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
const RESULTS_DIR = path.join(import.meta.dirname, "results");

export interface RunOptions {
  mode: Mode;
  parts?: PartKey[];
  /** Folder for CPU profiles of the servers under test. */
  profileDir?: string;
  log?: (line: string) => void;
}

async function timed<T>(work: () => Promise<T> | T): Promise<Part<T>> {
  const start = performance.now();
  const seconds = () => Math.round((performance.now() - start) / 100) / 10;
  try {
    const result = await work();
    return { status: "ok", seconds: seconds(), result };
  } catch (error) {
    return { status: "failed", seconds: seconds(), error: error instanceof Error ? error.message : String(error) };
  }
}

function machine(loadStart: number): Machine {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${os.release()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    openFilesLimit: String(openFilesLimit() ?? "unknown"),
    loadStart,
    loadEnd: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** Runs the chosen parts with the mode's workload and returns every number (nothing is printed but progress). */
export async function runBench(options: RunOptions): Promise<BenchResults> {
  const config = CONFIGS[options.mode];
  const log = options.log ?? (() => undefined);
  const parts = new Set(options.parts ?? ALL_PARTS);
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const loadStart = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  const skipped = (reason: string) => ({ status: "skipped", reason }) as const;
  const notChosen = skipped("not chosen (--only)");

  const fanout = parts.has("a") ? await timed(() => runFanout({ ...config.fanout, profileDir: options.profileDir, log })) : notChosen;
  const connections = parts.has("e") ? await timed(() => runConnections({ ...config.connections, log })) : notChosen;
  const leaderboard = parts.has("d") ? await timed(() => runLeaderboard({ ...config.leaderboard, log })) : notChosen;
  const floodConfig = config.flood;
  const storeWrites = !parts.has("i")
    ? notChosen
    : config.storeWrites
      ? await timed(() => runStoreWrites({ ...config.storeWrites!, log }))
      : skipped("not in smoke mode");
  const flood = !parts.has("f") ? notChosen : floodConfig ? await timed(() => runFlood({ ...floodConfig, log })) : skipped("not in smoke mode");

  let endToEnd: BenchResults["endToEnd"] = parts.has("b") ? skipped("no next start in smoke mode") : notChosen;
  let throughput: BenchResults["throughput"] = parts.has("c") ? skipped("no next start in smoke mode") : notChosen;
  let ordering: BenchResults["ordering"] = parts.has("h") ? skipped("no next start in smoke mode") : notChosen;
  let pageLoad: BenchResults["pageLoad"] = parts.has("g") ? skipped("no next start in smoke mode") : notChosen;
  if ((parts.has("b") && config.endToEnd) || (parts.has("c") && config.throughput) || (parts.has("g") && config.pageLoad) || (parts.has("h") && config.ordering)) {
    let app: RunningApp | undefined;
    try {
      if (!hasProductionBuild()) {
        log("no production build: running `next build` once (not counted in the parts' times)");
        execSync("npx next build", { cwd: path.resolve(import.meta.dirname, ".."), stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      }
      log("starting the app (next start + embedded realtime server)");
      app = await startApp({ profileDir: options.profileDir });
      app.startProfiling();
      const running = app;
      if (parts.has("b") && config.endToEnd) endToEnd = await timed(() => runEndToEnd(running, { ...config.endToEnd!, log }));
      if (parts.has("c") && config.throughput) throughput = await timed(() => runThroughput(running, { ...config.throughput!, log }));
      if (parts.has("h") && config.ordering) ordering = await timed(() => runOrdering(running, { ...config.ordering!, log }));
      if (parts.has("g") && config.pageLoad) pageLoad = await timed(() => runPageLoad(running, { ...config.pageLoad!, log }));
    } catch (error) {
      const failed = { status: "failed", seconds: 0, error: error instanceof Error ? error.message : String(error) } as const;
      if (parts.has("b") && endToEnd.status !== "ok") endToEnd = failed;
      if (parts.has("c") && throughput.status !== "ok") throughput = failed;
      if (parts.has("h") && ordering.status !== "ok") ordering = failed;
      if (parts.has("g") && pageLoad.status !== "ok") pageLoad = failed;
    } finally {
      await app?.stop();
    }
  }

  const results = {
    version: 1 as const,
    mode: options.mode,
    startedAt,
    seconds: Math.round((performance.now() - start) / 100) / 10,
    machine: machine(loadStart),
    fanout,
    endToEnd,
    throughput,
    leaderboard,
    connections,
    flood,
    ordering,
    storeWrites,
    pageLoad,
  };
  return { ...results, targets: checkTargets(results), profiles: options.profileDir ? summarizeProfiles(options.profileDir) : undefined };
}

/** Hot functions of every main-thread profile under `dir` (tsx's loader thread writes one too; it is skipped). */
function summarizeProfiles(dir: string): BenchResults["profiles"] {
  const files: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const file = path.join(at, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith(".cpuprofile") && !/^CPU\.\d+\.\d+\.\d+\.[1-9]/.test(name)) files.push(file);
    }
  };
  walk(dir);
  return Object.fromEntries(files.map((file) => [path.relative(dir, file), hotFunctions(file, 12).map(({ name, where, selfMs, totalMs }) => ({ name, where, selfMs, totalMs }))]));
}

function parseArgs(argv: string[]): { mode: Mode; parts?: PartKey[]; profile: boolean; out?: string } {
  let mode: Mode = "full";
  let parts: PartKey[] | undefined;
  let profile = false;
  let out: string | undefined;
  for (const arg of argv) {
    if (arg === "--quick") mode = "quick";
    else if (arg === "--smoke") mode = "smoke";
    else if (arg === "--profile") profile = true;
    else if (arg.startsWith("--only=")) parts = arg.slice("--only=".length).split(",").filter((part): part is PartKey => ALL_PARTS.includes(part as PartKey));
    else if (arg.startsWith("--out=")) out = path.resolve(arg.slice("--out=".length));
    else throw new Error(`unknown option ${arg} (see bench/run.ts)`);
  }
  return { mode, parts, profile, out };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const profileDir = args.profile ? path.join(RESULTS_DIR, "profiles", stamp) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const results = await runBench({ mode: args.mode, parts: args.parts, profileDir, log });

  console.log(`\n${formatReport(results)}`);
  if (results.profiles) {
    for (const [file, hot] of Object.entries(results.profiles)) {
      console.log(`\nCPU profile ${file} (self ms / total ms)`);
      for (const fn of hot) console.log(`  ${fn.selfMs.toFixed(1).padStart(9)} ${fn.totalMs.toFixed(1).padStart(9)}  ${fn.name}  ${fn.where}`);
    }
  }
  const out = args.out ?? path.join(RESULTS_DIR, { full: "latest.json", quick: "latest-quick.json", smoke: "smoke.json" }[args.mode]);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
  const parts = [results.fanout, results.endToEnd, results.throughput, results.leaderboard, results.connections, results.flood, results.ordering, results.storeWrites, results.pageLoad];
  const failed = parts.some((part) => part?.status === "failed");
  process.exit(failed ? 1 : 0);
}

// Run only as the entry point, not when the smoke test imports runBench.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.once("SIGINT", () => process.exit(130));
  main().catch((error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
