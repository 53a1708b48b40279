/** The targets, checked against one run's results. */
import { MAX_EVENT_BYTES } from "./leaderboard";
import { stateTargets } from "./report-state";
import type { BenchResults, Target } from "./results";
import { num } from "./lib/table";
import { FLOOR_ROUTE } from "./throughput";

/** Fan-out p95 bounds by number of subscribers, ms. */
const FANOUT_P95_MS: Record<number, number> = { 1000: 25, 10_000: 100 };
/** End-to-end chat delivery p95 bound, ms. */
const CHAT_P95_MS = 8;

export function checkTargets(results: Omit<BenchResults, "targets">): Target[] {
  const targets: Target[] = [];
  const add = (part: Target["part"], target: string, measured: string, met: boolean | undefined) => targets.push({ part, target, measured, met });

  if (results.fanout.status === "ok") {
    const { rows, ratios } = results.fanout.result;
    for (const ratio of ratios) {
      const n = num(ratio.subscribers, 0);
      const ours = rows.find((row) => row.rival === "embedded" && row.subscribers === ratio.subscribers);
      const p95Bound = FANOUT_P95_MS[ratio.subscribers];
      if (ours && p95Bound !== undefined) add("a", `p95 ≤ ${p95Bound} ms at ${n} subscribers`, `${num(ours.latencyMs.p95, 2)} ms`, ours.latencyMs.p95 <= p95Bound);
      if (ratio.p50VsWs !== undefined) add("a", `N=${n}: p50 ≤ 1.1× bare ws`, `${ratio.p50VsWs}×`, ratio.p50VsWs <= 1.1);
      const vsIo = [ratio.p50VsSocketIo, ratio.p95VsSocketIo, ratio.cpuVsSocketIo];
      if (vsIo.every((value) => value !== undefined)) {
        const [p50, p95, cpu] = vsIo as number[];
        add("a", `N=${n}: ≤ Socket.IO on p50, p95, CPU/delivery`, `${p50}×, ${p95}×, ${cpu}×`, Math.max(p50!, p95!, cpu!) <= 1);
      }
    }
  }
  if (results.endToEnd.status === "ok") {
    const { latencyMs, floorMs, spreadMs } = results.endToEnd.result;
    // Issue 15: 100 clients, p95 ≤ 8 ms (an earlier issue asked for ≤ 50 ms).
    add("b", `chat p95 ≤ ${CHAT_P95_MS} ms at ${num(results.endToEnd.result.clients, 0)} clients`, `${num(latencyMs.p95, 2)} ms (p50 ${num(latencyMs.p50, 2)} ms; Next alone p50 ${num(floorMs.p50, 2)} ms, clients' spread p50 ${num(spreadMs.p50, 2)} ms)`, latencyMs.p95 <= CHAT_P95_MS);
  }
  if (results.throughput.status === "ok") {
    const [trivial, ...others] = results.throughput.result;
    const floor = others.find((row) => row.route === FLOOR_ROUTE);
    if (trivial && floor?.ratio) {
      const ratio = Math.round((1 / floor.ratio) * 100) / 100;
      const cpu = floor.cpuRatio === undefined ? "" : `; by next CPU/request ${Math.round((1 / floor.cpuRatio) * 100) / 100}×`;
      add("c", `${trivial.route} ≥ 0.8× a bare route handler`, `${ratio}× (${num(trivial.okPerSecond, 0)} vs ${num(floor.okPerSecond, 0)} req/s${cpu})`, ratio >= 0.8);
    }
    for (const row of others) {
      if (row.auth.startsWith("one admin") || row === floor) continue;
      const bound = row.route === "POST /api/chat" ? 0.8 : 0.5;
      const cpu = row.cpuRatio === undefined ? "" : `; by next CPU/request ${row.cpuRatio}×`;
      add("c", `${row.route} ≥ ${bound}× trivial`, `${row.ratio}× (${num(row.okPerSecond, 0)} vs ${num(trivial?.okPerSecond, 0)} req/s${cpu})`, row.ratio >= bound);
    }
  }
  if (results.leaderboard.status === "ok") {
    const rows = results.leaderboard.result;
    const biggest = rows.reduce((a, b) => (b.athletes > a.athletes ? b : a));
    // Issue 15's targets at the largest board: apply ≤ 5 µs, apply + event ≤ 20 µs (p50).
    add("d", `apply ≤ 5 µs at ${num(biggest.athletes, 0)} athletes (p50)`, `p50 ${num(biggest.applyMicros.p50)} µs, p99 ${num(biggest.applyMicros.p99)} µs`, biggest.applyMicros.p50 <= 5);
    add("d", `apply + event ≤ 20 µs at ${num(biggest.athletes, 0)} athletes (p50)`, `p50 ${num(biggest.updateMicros.p50)} µs, p99 ${num(biggest.updateMicros.p99)} µs`, biggest.updateMicros.p50 <= 20);
    const largest = Math.max(...rows.map((row) => row.largestEventBytes));
    add("d", `every ranking-update < ${num(MAX_EVENT_BYTES, 0)} bytes`, `largest ${num(largest, 0)} bytes`, largest < MAX_EVENT_BYTES);
  }
  if (results.connections.status === "ok") {
    const ours = results.connections.result.find((row) => row.rival === "embedded");
    if (ours) {
      // Judged right after the last connection opened, as the issue measured it; the idle reading is shown beside it.
      const idle = ours.idleRssPerConnection === undefined ? "" : ` (${num(ours.idleRssPerConnection / 1024, 2)} KB after ${ours.idleSeconds} s idle)`;
      add("e", "≤ 6 KB server memory per idle connection (RSS)", `${num(ours.rssPerConnection / 1024, 2)} KB${idle}`, ours.rssPerConnection <= 6 * 1024);
    }
  }
  if (results.pageLoad?.status === "ok") {
    const { connectedMs, warmConnectedMs, loads } = results.pageLoad.result;
    const warm = warmConnectedMs ? `; warm cache ${num(warmConnectedMs.p50, 0)} ms` : "";
    add("g", "navigation → Connected median ≤ 400 ms (empty cache)", `${num(connectedMs.p50, 0)} ms (p95 ${num(connectedMs.p95, 0)} ms, ${loads} loads${warm})`, connectedMs.p50 <= 400);
  }
  if (results.flood?.status === "ok") {
    const { floodedMs, calmMs } = results.flood.result;
    add("f", "another client's p95 ≤ 50 ms while one floods", `${num(floodedMs.p95, 2)} ms (calm ${num(calmMs.p95, 2)} ms)`, floodedMs.p95 <= 50);
  }
  targets.push(...stateTargets(results));
  return targets;
}
