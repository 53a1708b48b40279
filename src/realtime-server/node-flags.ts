/**
 * How the embedded server's process is started: scripts/launch.ts and
 * `npm run realtime` run it with these Node options, and the bench runs it
 * as shipped.
 *
 * `--max-semi-space-size=8` (MB): the server's heap is mostly small objects
 * that live as long as their connection. While thousands of connections
 * open, V8 grows the young generation to its default 16 MB semi-spaces and
 * keeps those pages resident long after the burst; capped at 8 MB, 10,000
 * idle connections cost 4.6–4.8 KB of RSS each instead of 5.7–6.2 KB
 * (bench part e). 8 rather than 4 (3.8–4.4 KB): at 4 MB the fan-out to
 * 10,000 subscribers measured about 4 % slower than with Node's default in
 * two alternating runs; at 8 MB it measured the same (p50 47–53 ms either
 * way, three alternating runs).
 */
import path from "node:path";

export const REALTIME_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=8"];

/** The `node` arguments that start the embedded server from the project folder `root`. */
export function realtimeServerArgs(root: string): string[] {
  return [...REALTIME_NODE_FLAGS, "--import", "tsx", path.join(root, "src/realtime-server/main.ts")];
}
