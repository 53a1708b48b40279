/** Prints one run's results as the tables `npm run bench` shows. */
import { RIVAL_LABELS } from "./lib/constants";
import type { Summary } from "./lib/histogram";
import { formatTable, num } from "./lib/table";
import { formatStateSections } from "./report-state";
import type { BenchResults, Part } from "./results";

function section<T>(title: string, part: Part<T>, body: (result: T) => string): string {
  const heading = part.status === "ok" ? `${title}  (${num(part.seconds)} s)` : title;
  if (part.status === "skipped") return `${heading}\n  skipped: ${part.reason}`;
  if (part.status === "failed") return `${heading}\n  FAILED: ${part.error}`;
  return `${heading}\n${body(part.result)}`;
}

const times = (value: number | undefined) => (value === undefined ? "–" : `${value}×`);

export function formatReport(results: BenchResults): string {
  const out: string[] = [];
  const { machine } = results;
  out.push(
    `CoachPro bench — ${results.mode} mode, ${results.startedAt}, ${num(results.seconds)} s`,
    `node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, ulimit -n ${machine.openFilesLimit}, load ${machine.loadStart} → ${machine.loadEnd}`,
  );

  out.push(
    section("(a) Fan-out: one REST trigger → N subscribers (latency: trigger sent → frame parsed by the client)", results.fanout, ({ rows, ratios }) => {
      const table = formatTable(
        ["server", "N", "p50 ms", "p95 ms", "p99 ms", "max ms", "deliveries/s", "server CPU µs/delivery", "lost"],
        rows.map((row) => [
          RIVAL_LABELS[row.rival],
          num(row.subscribers, 0),
          num(row.latencyMs.p50, 2),
          num(row.latencyMs.p95, 2),
          num(row.latencyMs.p99, 2),
          num(row.latencyMs.max, 2),
          num(row.deliveriesPerSecond, 0),
          num(row.serverCpuMicrosPerDelivery, 2),
          row.lost + row.triggerErrors,
        ]),
      );
      const lines = ratios.map(
        (ratio) =>
          `  N=${num(ratio.subscribers, 0)}: ours ÷ bare ws — p50 ${times(ratio.p50VsWs)}, p95 ${times(ratio.p95VsWs)}, deliveries/s ${times(ratio.throughputVsWs)}, CPU/delivery ${times(ratio.cpuVsWs)};` +
          ` ours ÷ Socket.IO — p50 ${times(ratio.p50VsSocketIo)}, p95 ${times(ratio.p95VsSocketIo)}, deliveries/s ${times(ratio.throughputVsSocketIo)}, CPU/delivery ${times(ratio.cpuVsSocketIo)}`,
      );
      return `${table}\n${lines.join("\n")}`;
    }),
  );

  out.push(
    section("(b) End to end: POST /api/chat on next start → new-message at pusher-js clients", results.endToEnd, (result) =>
      formatTable(
        ["clients", "rate/s", "messages", "p50 ms", "p95 ms", "p99 ms", "max ms", "POST p50 ms", "POST p95 ms", "lost", "POST errors"],
        [
          [
            result.clients,
            result.rate,
            result.messages,
            num(result.latencyMs.p50, 2),
            num(result.latencyMs.p95, 2),
            num(result.latencyMs.p99, 2),
            num(result.latencyMs.max, 2),
            num(result.postMs.p50, 2),
            num(result.postMs.p95, 2),
            result.lost,
            result.postErrors,
          ],
        ],
      ) +
        "\n" +
        formatTable(
          ["where the time goes", "p50 ms", "p95 ms"],
          [
            ["POST sent → first client has it", num(result.firstDeliveryMs.p50, 2), num(result.firstDeliveryMs.p95, 2)],
            [`first → last of the ${result.clients} clients (their work and the writes)`, num(result.spreadMs.p50, 2), num(result.spreadMs.p95, 2)],
            ["GET /api/bench-floor round trip, same pace (Next alone)", num(result.floorMs.p50, 2), num(result.floorMs.p95, 2)],
          ],
        ),
    ),
  );

  out.push(
    section("(c) API throughput (autocannon) against the trivial route of the same build", results.throughput, (rows) =>
      formatTable(
        ["route", "load", "2xx/s", "ratio", "429 share", "errors", "p50 ms", "p99 ms", "next CPU µs/req", "CPU ratio", "realtime CPU µs/req"],
        rows.map((row) => [
          row.route,
          row.auth,
          num(row.okPerSecond, 0),
          `${row.ratio}×`,
          `${num((row.rateLimited / Math.max(1, row.ok + row.rateLimited + row.errors)) * 100)}%`,
          row.errors,
          num(row.latencyMs.p50, 1),
          num(row.latencyMs.p99, 1),
          num(row.nextCpuMicros, 0),
          row.cpuRatio === undefined ? "–" : `${row.cpuRatio}×`,
          num(row.realtimeCpuMicros, 0),
        ]),
        2,
      ),
    ),
  );

  out.push(
    section("(d) Leaderboard core (µs per update; event = buildRankingUpdate + rankingUpdateJson, as the service sends it)", results.leaderboard, (rows) =>
      formatTable(
        ["athletes", "apply p50", "apply p99", "apply+event p50", "apply+event p99", "batch of 100 p50", "batch p99", "largest event B", "truncated"],
        rows.map((row) => [
          num(row.athletes, 0),
          num(row.applyMicros.p50),
          num(row.applyMicros.p99),
          num(row.updateMicros.p50),
          num(row.updateMicros.p99),
          num(row.batchMicros.p50, 0),
          num(row.batchMicros.p99, 0),
          num(row.largestEventBytes, 0),
          row.truncatedEvents,
        ]),
      ),
    ),
  );

  out.push(
    section("(e) Idle connections (handshake + one subscription), server in its own process", results.connections, (rows) =>
      formatTable(
        ["server", "connections", "open s", "opened/s", "RSS/conn KB", "heap+ext/conn KB", "server RSS MB", "RSS/conn KB idle"],
        rows.map((row) => [
          RIVAL_LABELS[row.rival],
          num(row.connections, 0),
          num(row.openSeconds, 2),
          num(row.openRate, 0),
          num(row.rssPerConnection / 1024, 2),
          num(row.heapPerConnection / 1024, 2),
          num(row.serverRssMb),
          row.idleRssPerConnection === undefined ? "—" : `${num(row.idleRssPerConnection / 1024, 2)} (${row.idleSeconds} s)`,
        ]),
      ),
    ),
  );

  if (results.flood) {
    const row = (label: string, ms: Summary) => [label, num(ms.count, 0), num(ms.p50, 2), num(ms.p95, 2), num(ms.p99, 2), num(ms.max, 2)];
    out.push(
      section("(f) Another client's delivery delay (ms, REST trigger → frame) while one client floods, server in its own process", results.flood, (result) => {
        const table = formatTable(["window", "deliveries", "p50", "p95", "p99", "max"], [row("no flood", result.calmMs), row("one client floods", result.floodedMs)]);
        const fate = result.flooderClosedWith === null ? "never closed by the server" : `closed with ${result.flooderClosedWith}`;
        return `${table}\n  flooder: ${num(result.flooderFrames, 0)} frames sent, ${fate}`;
      }),
    );
  }

  if (results.pageLoad) {
    out.push(
      section("(g) Page load in headless Chromium: navigation → \"Connected\", signed in (ms; cold = empty HTTP cache, warm = scripts cached)", results.pageLoad, (result) =>
        formatTable(
          ["loads", "cold p50", "cold p95", "cold max", "warm p50", "warm p95", "DOMContentLoaded cold p50"],
          [
            [
              result.loads,
              num(result.connectedMs.p50, 0),
              num(result.connectedMs.p95, 0),
              num(result.connectedMs.max, 0),
              num(result.warmConnectedMs?.p50, 0),
              num(result.warmConnectedMs?.p95, 0),
              num(result.domContentLoadedMs.p50, 0),
            ],
          ],
        ),
      ),
    );
  }

  out.push(...formatStateSections(results));

  out.push(
    `Targets\n${formatTable(
      ["part", "target", "measured", "verdict"],
      results.targets.map((target) => [target.part, target.target, target.measured, target.met === undefined ? "–" : target.met ? "met" : "MISSED"]),
      4,
    )}`,
  );
  return out.join("\n\n");
}
