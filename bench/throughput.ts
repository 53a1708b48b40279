/**
 * (c) API throughput: autocannon on `POST /api/chat` and `POST
 * /api/leaderboard` against `GET /api/health` (the trivial route) of the
 * same `next start`, as ratios of successful (2xx) requests per second; and
 * `GET /api/bench-floor`, a handler that does nothing, as the floor the
 * trivial route is held to.
 *
 * The routes' rate limits would turn a one-user load into 429s, so chat
 * posts rotate over many signed-in athletes and score updates over many
 * coaches (each within its budget for the run). The literal admin-token run
 * is measured too, and its 429 share reported: one token gets 600 per minute.
 */
import autocannon from "autocannon";
import type { RunningApp } from "./lib/app";
import { HttpClient } from "./lib/http-client";
import { processCpuMicros } from "./lib/proc-cpu";
import { createSessions } from "./lib/sessions";

export interface ThroughputOptions {
  /** Measured seconds per load, split over `rounds`. */
  durationSeconds: number;
  rounds: number;
  warmupSeconds: number;
  connections: number;
  /** Athletes whose cookies chat posts rotate over (20 posts / 10 s each). */
  chatUsers: number;
  /** Coaches whose cookies score updates rotate over (60 / min each). */
  coaches: number;
  /** Athlete ids the score updates spread over. */
  athletes: number;
  log: (line: string) => void;
}

export interface ThroughputRow {
  route: string;
  /** How the load authenticates. */
  auth: string;
  /** 2xx responses per second. */
  okPerSecond: number;
  /** All responses per second. */
  totalPerSecond: number;
  ok: number;
  rateLimited: number;
  /** Non-2xx other than 429, plus connection errors. */
  errors: number;
  latencyMs: { p50: number; p99: number };
  /** okPerSecond ÷ the trivial route's. */
  ratio: number;
  /** The trivial route's next CPU per request ÷ this route's: the same comparison, less sensitive to other load on the machine. */
  cpuRatio?: number;
  /** CPU time of `next start` per response, µs (from /proc; undefined where unavailable). */
  nextCpuMicros?: number;
  /** CPU time of the embedded realtime server per response, µs. */
  realtimeCpuMicros?: number;
}

interface Load {
  route: string;
  auth: string;
  method: "GET" | "POST";
  path: string;
  /** Headers and body of the i-th request. */
  request: (i: number) => { headers: Record<string, string>; body?: string };
}

export async function runThroughput(app: RunningApp, options: ThroughputOptions): Promise<ThroughputRow[]> {
  const http = new HttpClient(app.port);
  try {
    options.log(`throughput: signing in ${options.chatUsers} athletes and ${options.coaches} coaches`);
    const athletes = await createSessions(app, http, { count: options.chatUsers, role: "athlete", firstAddress: 10_000 });
    const coaches = await createSessions(app, http, { count: options.coaches, role: "coach", firstAddress: 40_000 });
    const { trivial, chat, scores, floor, admin } = loadsFor(app, options, athletes, coaches);
    let counter = 0;
    const next = () => counter++;

    // Rounds alternate the order (trivial, routes…, then reversed) so a busy
    // moment on the machine does not land on one load only.
    const compared = [trivial, chat, scores, floor];
    const parts = new Map<Load, Measured[]>(compared.map((load) => [load, []]));
    for (const load of options.warmupSeconds > 0 ? compared : []) {
      options.log(`throughput: warm-up ${load.route} (${load.auth})`);
      await cannon(app, load, options.warmupSeconds, options.connections, next);
    }
    const seconds = options.durationSeconds / options.rounds;
    for (let round = 0; round < options.rounds; round += 1) {
      for (const load of round % 2 === 0 ? compared : [...compared].reverse()) {
        options.log(`throughput: ${load.route} (${load.auth}), round ${round + 1}/${options.rounds}`);
        parts.get(load)!.push(await measured(app, load, seconds, options.connections, next));
      }
    }
    // The admin token's budget is tiny: one run shows how the limiter answers.
    options.log(`throughput: ${admin.route} (${admin.auth})`);
    const adminRun = await measured(app, admin, seconds, options.connections, next);

    const rows = [...compared.map((load) => toRow(load, parts.get(load)!)), toRow(admin, [adminRun])];
    const base = rows[0]!;
    return rows.map((row) => ({
      ...row,
      ratio: base.okPerSecond ? round2(row.okPerSecond / base.okPerSecond) : 0,
      cpuRatio: base.nextCpuMicros && row.nextCpuMicros ? round2(base.nextCpuMicros / row.nextCpuMicros) : undefined,
    }));
  } finally {
    http.close();
  }
}

/** The route of the bare handler: Next's cost per request with nothing of the app's. */
export const FLOOR_ROUTE = "GET /api/bench-floor";

function loadsFor(app: RunningApp, options: ThroughputOptions, athletes: string[], coaches: string[]): Record<"trivial" | "chat" | "scores" | "floor" | "admin", Load> {
  const json = { "content-type": "application/json", origin: app.origin };
  const score = (i: number) =>
    JSON.stringify({ userId: `athlete-${i % options.athletes}`, name: `Athlete ${i % options.athletes}`, points: 1 + (i % 97) });
  return {
    trivial: { route: "GET /api/health", auth: "none (trivial route)", method: "GET", path: "/api/health", request: () => ({ headers: {} }) },
    floor: { route: FLOOR_ROUTE, auth: "none (bare handler, the floor)", method: "GET", path: "/api/bench-floor", request: () => ({ headers: {} }) },
    chat: {
      route: "POST /api/chat",
      auth: `${athletes.length} athlete sessions, rotating`,
      method: "POST",
      path: "/api/chat",
      request: (i) => ({ headers: { ...json, cookie: athletes[i % athletes.length]! }, body: JSON.stringify({ message: `throughput ${i}` }) }),
    },
    scores: {
      route: "POST /api/leaderboard",
      auth: `${coaches.length} coach sessions, rotating`,
      method: "POST",
      path: "/api/leaderboard",
      request: (i) => ({ headers: { ...json, cookie: coaches[i % coaches.length]! }, body: score(i) }),
    },
    admin: {
      route: "POST /api/leaderboard",
      auth: "one admin token (600/min)",
      method: "POST",
      path: "/api/leaderboard",
      request: (i) => ({ headers: { "content-type": "application/json", authorization: `Bearer ${app.secrets.adminToken}` }, body: score(i) }),
    },
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** One autocannon run's counts, with the CPU the app's processes spent on it. */
interface Measured {
  result: autocannon.Result;
  nextCpuMicros?: number;
  realtimeCpuMicros?: number;
}

function cpuOf(app: RunningApp): { next?: number; realtime?: number } {
  return {
    next: app.pids.next === undefined ? undefined : processCpuMicros(app.pids.next),
    realtime: app.pids.realtime === undefined ? undefined : processCpuMicros(app.pids.realtime),
  };
}

async function measured(app: RunningApp, load: Load, seconds: number, connections: number, next: () => number): Promise<Measured> {
  const before = cpuOf(app);
  const result = await cannon(app, load, seconds, connections, next);
  const after = cpuOf(app);
  const spent = (from?: number, to?: number) => (from === undefined || to === undefined ? undefined : to - from);
  return { result, nextCpuMicros: spent(before.next, after.next), realtimeCpuMicros: spent(before.realtime, after.realtime) };
}

function cannon(app: RunningApp, load: Load, seconds: number, connections: number, next: () => number): Promise<autocannon.Result> {
  return autocannon({
    url: app.origin,
    connections,
    duration: seconds,
    requests: [
      {
        method: load.method,
        path: load.path,
        setupRequest: (request) => {
          const { headers, body } = load.request(next());
          return { ...request, headers: { ...request.headers, ...headers }, ...(body === undefined ? {} : { body }) };
        },
      },
    ],
  });
}

/** Pools the rounds of one load. */
function toRow(load: Load, runs: Measured[]): ThroughputRow {
  const sum = (pick: (run: Measured) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const count = (run: Measured, status: string) => (run.result.statusCodeStats as Record<string, { count?: number }> | undefined)?.[status]?.count ?? 0;
  const seconds = sum((run) => run.result.duration);
  const ok = sum((run) => run.result["2xx"]);
  const non2xx = sum((run) => run.result.non2xx);
  const rateLimited = sum((run) => count(run, "429"));
  const responses = ok + non2xx;
  const cpu = (pick: (run: Measured) => number | undefined) =>
    runs.every((run) => pick(run) !== undefined) && responses > 0 ? Math.round(sum((run) => pick(run) ?? 0) / responses) : undefined;
  return {
    route: load.route,
    auth: load.auth,
    okPerSecond: seconds > 0 ? Math.round(ok / seconds) : 0,
    totalPerSecond: seconds > 0 ? Math.round(responses / seconds) : 0,
    ok,
    rateLimited,
    errors: non2xx - rateLimited + sum((run) => run.result.errors),
    // Percentiles do not pool: the slowest round's are shown.
    latencyMs: { p50: Math.max(...runs.map((run) => run.result.latency.p50)), p99: Math.max(...runs.map((run) => run.result.latency.p99)) },
    ratio: 0,
    nextCpuMicros: cpu((run) => run.nextCpuMicros),
    realtimeCpuMicros: cpu((run) => run.realtimeCpuMicros),
  };
}
