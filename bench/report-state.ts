/** The tables and targets of parts (h) events in order and (i) store writes, memory beside Redis. */
import { formatTable, num } from "./lib/table";
import type { OrderingPhase } from "./ordering";
import type { BenchResults, Part, Target } from "./results";

function section<T>(title: string, part: Part<T>, body: (result: T) => string): string {
  const heading = part.status === "ok" ? `${title}  (${num(part.seconds)} s)` : title;
  if (part.status === "skipped") return `${heading}\n  skipped: ${part.reason}`;
  if (part.status === "failed") return `${heading}\n  FAILED: ${part.error}`;
  return `${heading}\n${body(part.result)}`;
}

const phaseRow = (label: string, phase: OrderingPhase) => [label, num(phase.posted, 0), phase.postErrors, num(phase.postsPerSecond, 0), num(phase.postMs.p50, 1), num(phase.postMs.p95, 1), num(phase.postMs.p99, 1)];

/** Sections (h) and (i), when the run has them. */
export function formatStateSections(results: Omit<BenchResults, "targets">): string[] {
  const out: string[] = [];
  if (results.ordering) {
    out.push(
      section("(h) Events in order: POST /api/chat on next start (one instance) → new-message at N raw subscribers", results.ordering, (result) => {
        const table = formatTable(["phase", "posted", "errors", "posts/s", "POST p50 ms", "POST p95 ms", "POST p99 ms"], [
          phaseRow(`paced: ${result.posters} athletes, ${result.rate}/s for ${result.seconds} s`, result.paced),
          phaseRow(`burst: ${result.posters} more athletes, all at once`, result.burst),
        ]);
        return `${table}\n  ${num(result.subscribers, 0)} subscribers, ${num(result.deliveries, 0)} deliveries: out of order ${result.outOfOrder}, lost ${result.lost}, doubled ${result.doubled}`;
      }),
    );
  }
  if (results.storeWrites) {
    out.push(
      section("(i) Store writes in process, memory beside Redis (a real redis-server on loopback, persistence off)", results.storeWrites, (rows) =>
        formatTable(
          ["store", "write", "writes/s", "p50 ms", "p99 ms", "÷ memory"],
          rows.map((row) => [row.store, row.write, num(row.writesPerSecond, 0), num(row.latencyMs.p50, 2), num(row.latencyMs.p99, 2), `${row.vsMemory}×`]),
          2,
        ),
      ),
    );
  }
  return out;
}

/** The figure for (h): nothing out of order, lost or doubled. */
export function stateTargets(results: Omit<BenchResults, "targets">): Target[] {
  const targets: Target[] = [];
  if (results.ordering?.status === "ok") {
    const { outOfOrder, lost, doubled, subscribers } = results.ordering.result;
    targets.push({
      part: "h",
      target: `0 out of order, 0 lost, 0 doubled at ${num(subscribers, 0)} subscribers`,
      measured: `${outOfOrder} / ${lost} / ${doubled}`,
      met: outOfOrder === 0 && lost === 0 && doubled === 0,
    });
  }
  return targets;
}
