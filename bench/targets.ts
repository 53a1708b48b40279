/** The targets, checked against one run's results. */
import { MAX_EVENT_BYTES } from "./leaderboard";
import type { BenchResults, Target } from "./results";
import { num } from "./lib/table";

export function checkTargets(results: Omit<BenchResults, "targets">): Target[] {
  const targets: Target[] = [];
  const add = (part: Target["part"], target: string, measured: string, met: boolean | undefined) => targets.push({ part, target, measured, met });

  if (results.fanout.status === "ok") {
    const { rows, ratios } = results.fanout.result;
    const largest = Math.max(...rows.map((row) => row.subscribers));
    const ours = rows.find((row) => row.rival === "embedded" && row.subscribers === largest);
    const ratio = ratios.find((entry) => entry.subscribers === largest);
    if (ours) add("a", `p95 ≤ 25 ms at ${num(largest, 0)} subscribers`, `${num(ours.latencyMs.p95, 2)} ms`, ours.latencyMs.p95 <= 25);
    if (ratio?.p50VsWs !== undefined) add("a", "p50 within 1.5× of bare ws", `${ratio.p50VsWs}×`, ratio.p50VsWs <= 1.5);
    if (ratio?.p50VsSocketIo !== undefined) add("a", "p50 no worse than Socket.IO", `${ratio.p50VsSocketIo}×`, ratio.p50VsSocketIo <= 1);
  }
  if (results.endToEnd.status === "ok") {
    const { latencyMs } = results.endToEnd.result;
    add("b", "chat p95 ≤ 50 ms", `${num(latencyMs.p95, 2)} ms`, latencyMs.p95 <= 50);
  }
  if (results.throughput.status === "ok") {
    for (const row of results.throughput.result.slice(1)) {
      if (row.auth.startsWith("one admin")) continue;
      const cpu = row.cpuRatio === undefined ? "" : `; by next CPU/request ${row.cpuRatio}×`;
      add("c", `${row.route} ≥ 0.5× trivial`, `${row.ratio}× (${num(row.okPerSecond, 0)} vs ${num(results.throughput.result[0]?.okPerSecond, 0)} req/s${cpu})`, row.ratio >= 0.5);
    }
  }
  if (results.leaderboard.status === "ok") {
    const rows = results.leaderboard.result;
    const biggest = rows.reduce((a, b) => (b.athletes > a.athletes ? b : a));
    add("d", `update ≤ 50 µs at ${num(biggest.athletes, 0)} athletes (apply + event, p50)`, `p50 ${num(biggest.updateMicros.p50)} µs, p99 ${num(biggest.updateMicros.p99)} µs`, biggest.updateMicros.p50 <= 50);
    const largest = Math.max(...rows.map((row) => row.largestEventBytes));
    add("d", `every ranking-update < ${num(MAX_EVENT_BYTES, 0)} bytes`, `largest ${num(largest, 0)} bytes`, largest < MAX_EVENT_BYTES);
  }
  if (results.connections.status === "ok") {
    const ours = results.connections.result.find((row) => row.rival === "embedded");
    if (ours) add("e", "≤ 10 KB server memory per idle connection (RSS)", `${num(ours.rssPerConnection / 1024, 2)} KB`, ours.rssPerConnection <= 10 * 1024);
  }
  if (results.flood?.status === "ok") {
    const { floodedMs, calmMs } = results.flood.result;
    add("f", "another client's p95 ≤ 50 ms while one floods", `${num(floodedMs.p95, 2)} ms (calm ${num(calmMs.p95, 2)} ms)`, floodedMs.p95 <= 50);
  }
  return targets;
}
