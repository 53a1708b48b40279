/**
 * Keeps `npm run bench` from rotting: the harness in smoke mode (N = 5
 * subscribers per rival, 20 idle connections, a 1,000-athlete board) must
 * run and produce well-formed results. Parts (b) and (c) need `next start`
 * and are skipped here. No timing figure is ever asserted.
 */
import { runBench } from "../../bench/run";
import { formatReport } from "../../bench/report";
import { CONFIGS } from "../../bench/config";
import { MAX_EVENT_BYTES } from "../../bench/leaderboard";

describe("npm run bench (smoke mode)", () => {
  it("runs fan-out, leaderboard and connections against all three servers and reports them", async () => {
    const results = await runBench({ mode: "smoke" });
    const config = CONFIGS.smoke;

    expect(results.fanout.status).toBe("ok");
    if (results.fanout.status !== "ok") return;
    const [size] = config.fanout.sizes;
    expect(results.fanout.result.rows.map((row) => row.rival)).toEqual(["embedded", "socketio", "ws"]);
    for (const row of results.fanout.result.rows) {
      expect(row.latencyMs.count).toBe(size!.broadcasts * size!.subscribers);
      expect(row.lost).toBe(0);
      expect(row.triggerErrors).toBe(0);
    }
    expect(results.fanout.result.ratios).toHaveLength(1);

    expect(results.leaderboard.status).toBe("ok");
    if (results.leaderboard.status !== "ok") return;
    const [board] = results.leaderboard.result;
    expect(board?.updateMicros.count).toBe(config.leaderboard.updates);
    expect(board?.largestEventBytes).toBeLessThan(MAX_EVENT_BYTES);

    expect(results.connections.status).toBe("ok");
    if (results.connections.status !== "ok") return;
    expect(results.connections.result.map((row) => row.connections)).toEqual([20, 20, 20]);

    expect(results.endToEnd.status).toBe("skipped");
    expect(results.throughput.status).toBe("skipped");
    expect(results.targets.map((target) => target.part)).toEqual(expect.arrayContaining(["a", "d", "e"]));

    const report = formatReport(results);
    for (const heading of ["(a) Fan-out", "(b) End to end", "(c) API throughput", "(d) Leaderboard", "(e) Idle connections", "Targets"]) {
      expect(report).toContain(heading);
    }
  }, 20_000);
});
