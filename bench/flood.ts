/**
 * `node --import tsx bench/flood.ts [--seconds=4]` — issue 11's flood figure:
 * another client's delivery delay (REST trigger → frame received, one event
 * at a time) with no flood, then while one client in its own process sends
 * frames as fast as it can. The embedded server runs in its own process, as
 * in the fan-out bench. Prints the p50/p95/max and what became of the flooder.
 */
import { RawClient, startFlood } from "../tests/support/realtime-raw";
import { BENCH_APP, BENCH_CHANNEL, BENCH_EVENT, HOST } from "./lib/constants";
import { newHistogram, microsSince, summarize, type Summary } from "./lib/histogram";
import { startServerProcess } from "./lib/server-process";
import { sleep } from "./lib/time";
import { createTrigger, type Trigger } from "./lib/trigger";

const CLOSE_WAIT_MS = 5_000;

interface Window {
  deliveries: Summary;
}

/** Sequential deliveries for `seconds`: each trigger waits for its frame before the next. */
async function measure(trigger: Trigger, receiver: RawClient, seconds: number, label: string): Promise<Window> {
  const histogram = newHistogram();
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end; i += 1) {
    const data = `${label}-${i}`;
    const start = performance.now();
    await trigger.send(data);
    await receiver.next((frame) => frame.event === BENCH_EVENT && frame.data === data, 30_000);
    histogram.recordValue(microsSince(start));
  }
  return { deliveries: summarize(histogram) };
}

function line(label: string, summary: Summary): string {
  return `${label.padEnd(28)} n=${String(summary.count).padStart(5)}  p50 ${summary.p50.toFixed(2)} ms  p95 ${summary.p95.toFixed(2)} ms  max ${summary.max.toFixed(2)} ms`;
}

/** Runs both windows against a fresh embedded server and returns the printed lines. */
export async function runFlood(seconds: number): Promise<string[]> {
  const server = await startServerProcess("embedded");
  const trigger = createTrigger("embedded", server.port);
  const receiver = await RawClient.connect(`ws://${HOST}:${server.port}/app/${BENCH_APP.key}?protocol=7`);
  try {
    await receiver.established();
    await receiver.subscribe(BENCH_CHANNEL);
    await measure(trigger, receiver, 0.5, "warm-up");
    const calm = await measure(trigger, receiver, seconds, "calm");
    const flood = startFlood(server.port, undefined, BENCH_APP.key);
    await flood.started;
    const flooded = await measure(trigger, receiver, seconds, "flood");
    // The flooder sees its close only when the server cuts the socket (after the close grace): wait that long.
    const closedWith = await Promise.race([flood.closed, sleep(CLOSE_WAIT_MS).then(() => undefined)]);
    const sent = await flood.stop();
    return [
      line("delivery, no flood", calm.deliveries),
      line("delivery, one client floods", flooded.deliveries),
      `flooder: ${sent.toLocaleString("en")} frames sent, ${closedWith === undefined ? "never closed by the server" : `closed with ${closedWith}`}`,
    ];
  } finally {
    receiver.terminate();
    trigger.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = process.argv.find((value) => value.startsWith("--seconds="));
  const seconds = arg ? Number(arg.slice("--seconds=".length)) : 4;
  runFlood(seconds).then(
    (lines) => {
      for (const text of lines) console.log(text);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
