/**
 * (f) Issue 11's flood figure: another client's delivery delay (REST trigger
 * → frame received, one event at a time) with no flood, then while one
 * client in its own process sends frames as fast as it can. The embedded
 * server runs in its own process, as in the fan-out bench. Part of
 * `npm run bench` (`--only=f`), or alone:
 * `node --import tsx --conditions react-server bench/flood.ts [--seconds=4]`.
 */
import { RawClient, startFlood } from "../tests/support/realtime-raw";
import { BENCH_APP, BENCH_CHANNEL, BENCH_EVENT, HOST } from "./lib/constants";
import { microsSince, newHistogram, summarize, type Summary } from "./lib/histogram";
import { startServerProcess } from "./lib/server-process";
import { sleep } from "./lib/time";
import { createTrigger, type Trigger } from "./lib/trigger";

/** The flooder sees its close only when the server cuts the socket (after the close grace): wait that long. */
const CLOSE_WAIT_MS = 5_000;

export interface FloodOptions {
  /** Length of each window (calm, then flooded), in seconds. */
  seconds: number;
  log?: (line: string) => void;
}

export interface FloodResult {
  /** Delivery delay in ms, no flood. */
  calmMs: Summary;
  /** Delivery delay in ms while one client floods. */
  floodedMs: Summary;
  /** Frames the flooder got out before it was closed or stopped. */
  flooderFrames: number;
  /** The close code the server sent the flooder; null when it never closed it. */
  flooderClosedWith: number | null;
}

/** Sequential deliveries for `seconds`: each trigger waits for its frame before the next. */
async function measure(trigger: Trigger, receiver: RawClient, seconds: number, label: string): Promise<Summary> {
  const histogram = newHistogram();
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end; i += 1) {
    const data = `${label}-${i}`;
    const start = performance.now();
    await trigger.send(data);
    await receiver.next((frame) => frame.event === BENCH_EVENT && frame.data === data, 30_000);
    histogram.recordValue(microsSince(start));
  }
  return summarize(histogram);
}

/** Runs both windows against a fresh embedded server. */
export async function runFlood(options: FloodOptions): Promise<FloodResult> {
  const log = options.log ?? (() => undefined);
  const server = await startServerProcess("embedded");
  const trigger = createTrigger("embedded", server.port);
  const receiver = await RawClient.connect(`ws://${HOST}:${server.port}/app/${BENCH_APP.key}?protocol=7`);
  try {
    await receiver.established();
    await receiver.subscribe(BENCH_CHANNEL);
    await measure(trigger, receiver, 0.5, "warm-up");
    log(`flood: ${options.seconds} s of deliveries, no flood`);
    const calmMs = await measure(trigger, receiver, options.seconds, "calm");
    log(`flood: ${options.seconds} s of deliveries while one client floods`);
    const flood = startFlood(server.port, undefined, BENCH_APP.key);
    await flood.started;
    const floodedMs = await measure(trigger, receiver, options.seconds, "flood");
    const closedWith = await Promise.race([flood.closed, sleep(CLOSE_WAIT_MS).then(() => null)]);
    const flooderFrames = await flood.stop();
    return { calmMs, floodedMs, flooderFrames, flooderClosedWith: closedWith };
  } finally {
    receiver.terminate();
    trigger.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = process.argv.find((value) => value.startsWith("--seconds="));
  const seconds = arg ? Number(arg.slice("--seconds=".length)) : 4;
  const line = (label: string, s: Summary) =>
    `${label.padEnd(28)} n=${String(s.count).padStart(5)}  p50 ${s.p50.toFixed(2)} ms  p95 ${s.p95.toFixed(2)} ms  max ${s.max.toFixed(2)} ms`;
  runFlood({ seconds }).then(
    (result) => {
      console.log(line("delivery, no flood", result.calmMs));
      console.log(line("delivery, one client floods", result.floodedMs));
      const fate = result.flooderClosedWith === null ? "never closed by the server" : `closed with ${result.flooderClosedWith}`;
      console.log(`flooder: ${result.flooderFrames.toLocaleString("en")} frames sent, ${fate}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
