/**
 * How the embedded server's process is started: scripts/launch.ts and
 * `npm run realtime` run it with these Node options, and the bench runs it
 * as shipped.
 *
 * `--max-semi-space-size=4` (MB): the server's heap is mostly small objects
 * that live as long as their connection. While thousands of connections
 * open, V8 grows the young generation to its default 16 MB semi-spaces and
 * keeps those pages resident long after the burst; capped at 4 MB, 10,000
 * idle connections cost about 4.3 KB of RSS each instead of 5.7–6.2 KB
 * (bench part e), with fan-out latency and CPU per delivery unchanged (part
 * a at 100 and 10,000 subscribers).
 */
import path from "node:path";

export const REALTIME_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=4"];

/** The `node` arguments that start the embedded server from the project folder `root`. */
export function realtimeServerArgs(root: string): string[] {
  return [...REALTIME_NODE_FLAGS, "--import", "tsx", path.join(root, "src/realtime-server/main.ts")];
}
