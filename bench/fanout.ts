/**
 * (a) Fan-out: one REST trigger to N subscribed connections. Each rival's
 * server runs in its own child process; the N clients, the trigger and the
 * histogram run here, identical for every rival.
 *
 * Per rival and N: a paced latency phase (steady broadcasts/s, p50/p95/p99
 * of trigger → delivery), then a burst phase (at most `window` broadcasts
 * not yet delivered everywhere) for deliveries per second.
 */
import { openClients } from "./lib/clients";
import { RIVAL_LABELS, type RivalKind } from "./lib/constants";
import { DeliveryTracker, stampPayload } from "./lib/deliveries";
import { newHistogram, summarize, type Histogram, type Summary } from "./lib/histogram";
import { startServerProcess } from "./lib/server-process";
import { sleep, waitUntil } from "./lib/time";
import { createTrigger, type Trigger } from "./lib/trigger";

export interface FanoutSize {
  subscribers: number;
  /** Broadcasts per second in the latency phase. */
  rate: number;
  /** Paced broadcasts sent first and not recorded. */
  warmup: number;
  /** Paced broadcasts recorded. */
  broadcasts: number;
  /** Broadcasts in the burst phase. */
  burst: number;
}

export interface FanoutOptions {
  sizes: FanoutSize[];
  rivals: RivalKind[];
  payloadBytes: number;
  /** Broadcasts in flight (not yet delivered to every client) during the burst. */
  window: number;
  /** Rounds per size; odd rounds reverse the rivals' order. Latencies and counts are pooled. */
  rounds: number;
  /** Run one discarded block first to warm up this process's client code. */
  warmupBlock: boolean;
  profileDir?: string;
  log: (line: string) => void;
}

export interface FanoutRow {
  rival: RivalKind;
  label: string;
  subscribers: number;
  /** Trigger → delivery, ms. */
  latencyMs: Summary;
  deliveriesPerSecond: number;
  /** Server CPU time (user + system) per delivery during the burst, µs: independent of the clients' speed. */
  serverCpuMicrosPerDelivery: number;
  /** Deliveries expected but not seen (latency and burst phases). */
  lost: number;
  triggerErrors: number;
  connectMs: number;
}

export interface FanoutRatios {
  subscribers: number;
  /** ours ÷ bare ws, and ours ÷ Socket.IO (latency: lower is better; throughput: higher is better). */
  p50VsWs?: number;
  p50VsSocketIo?: number;
  p95VsWs?: number;
  p95VsSocketIo?: number;
  throughputVsWs?: number;
  throughputVsSocketIo?: number;
  /** Server CPU per delivery, ours ÷ theirs (lower is better). */
  cpuVsWs?: number;
  cpuVsSocketIo?: number;
}

const DRAIN_TIMEOUT_MS = 10_000;
const BURST_TIMEOUT_MS = 30_000;

export async function runFanout(options: FanoutOptions): Promise<{ rows: FanoutRow[]; ratios: FanoutRatios[] }> {
  // This process's client code is cold at first and the first block measured
  // would pay for it: warm it up on a block that is thrown away.
  const first = options.sizes[0];
  if (first && options.warmupBlock) {
    options.log("fan-out: client warm-up (discarded)");
    await measure(options.rivals[0] ?? "ws", { ...first, warmup: 0, broadcasts: Math.min(first.broadcasts, 100), burst: Math.min(first.burst, 200) }, options);
  }
  const rows: FanoutRow[] = [];
  for (const size of options.sizes) {
    const parts = new Map<RivalKind, Measurement[]>();
    for (let round = 0; round < options.rounds; round += 1) {
      // Odd rounds run the rivals in reverse order, so drift and order effects even out.
      const order = round % 2 === 0 ? options.rivals : [...options.rivals].reverse();
      for (const rival of order) {
        options.log(`fan-out: ${RIVAL_LABELS[rival]}, ${size.subscribers} subscribers (round ${round + 1}/${options.rounds})`);
        parts.set(rival, [...(parts.get(rival) ?? []), await measure(rival, size, options)]);
      }
    }
    for (const rival of options.rivals) rows.push(combine(rival, size.subscribers, parts.get(rival) ?? []));
  }
  return { rows, ratios: options.sizes.map((size) => ratiosFor(rows, size.subscribers)) };
}

/** One block's raw numbers, combined across rounds by `combine`. */
interface Measurement {
  histogram: Histogram;
  burstDelivered: number;
  burstSeconds: number;
  cpuMicros: number;
  lost: number;
  triggerErrors: number;
  connectMs: number;
}

function combine(rival: RivalKind, subscribers: number, parts: Measurement[]): FanoutRow {
  const histogram = newHistogram();
  for (const part of parts) histogram.add(part.histogram);
  const sum = (pick: (part: Measurement) => number) => parts.reduce((total, part) => total + pick(part), 0);
  const delivered = sum((part) => part.burstDelivered);
  const seconds = sum((part) => part.burstSeconds);
  return {
    rival,
    label: RIVAL_LABELS[rival],
    subscribers,
    latencyMs: summarize(histogram),
    deliveriesPerSecond: seconds > 0 ? Math.round(delivered / seconds) : 0,
    serverCpuMicrosPerDelivery: delivered > 0 ? Math.round((sum((part) => part.cpuMicros) / delivered) * 100) / 100 : 0,
    lost: sum((part) => part.lost),
    triggerErrors: sum((part) => part.triggerErrors),
    connectMs: Math.round(sum((part) => part.connectMs) / Math.max(1, parts.length)),
  };
}

async function measure(rival: RivalKind, size: FanoutSize, options: FanoutOptions): Promise<Measurement> {
  const total = size.warmup + size.broadcasts + size.burst;
  const tracker = new DeliveryTracker(size.subscribers, total);
  const server = await startServerProcess(rival, { profileDir: options.profileDir });
  let trigger: Trigger | undefined;
  let pool: Awaited<ReturnType<typeof openClients>> | undefined;
  try {
    const connectStart = performance.now();
    pool = await openClients({ kind: rival, port: server.port, count: size.subscribers, concurrency: 100, onPayload: tracker.receive });
    const connectMs = performance.now() - connectStart;
    trigger = createTrigger(rival, server.port);
    let triggerErrors = 0;
    const fire = (seq: number) => trigger!.send(stampPayload(seq, options.payloadBytes)).catch(() => (triggerErrors += 1));

    // Warm-up, then the recorded paced phase.
    const pacedEnd = size.warmup + size.broadcasts;
    tracker.recordRange(size.warmup, pacedEnd);
    const intervalMs = 1000 / size.rate;
    const start = performance.now();
    for (let seq = 0; seq < pacedEnd; seq += 1) {
      const wait = start + seq * intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      void fire(seq);
    }
    await waitUntil(() => tracker.delivered >= pacedEnd * size.subscribers, DRAIN_TIMEOUT_MS);

    // Burst: keep `window` broadcasts in flight.
    const burstStart = tracker.delivered;
    let inFlight = 0;
    let wake: (() => void) | undefined;
    tracker.onComplete(() => {
      inFlight -= 1;
      wake?.();
    });
    const cpuBefore = await server.cpuMicros();
    const firstSend = performance.now();
    const deadline = firstSend + BURST_TIMEOUT_MS;
    for (let seq = pacedEnd; seq < total && performance.now() < deadline; seq += 1) {
      while (inFlight >= options.window && performance.now() < deadline) {
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), sleep(100)]);
      }
      inFlight += 1;
      void fire(seq);
    }
    await waitUntil(() => tracker.delivered >= total * size.subscribers, Math.max(0, deadline - performance.now()));
    tracker.onComplete(undefined);
    const lastDelivery = tracker.lastDeliveryAt;
    const cpuMicros = (await server.cpuMicros()) - cpuBefore;

    return {
      histogram: tracker.histogram,
      burstDelivered: tracker.delivered - burstStart,
      burstSeconds: Math.max(0, (lastDelivery - firstSend) / 1000),
      cpuMicros,
      lost: total * size.subscribers - tracker.delivered,
      triggerErrors,
      connectMs,
    };
  } finally {
    trigger?.close();
    await pool?.close();
    await server.stop();
  }
}

const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? Math.round((a / b) * 100) / 100 : undefined);

function ratiosFor(rows: FanoutRow[], subscribers: number): FanoutRatios {
  const find = (rival: RivalKind) => rows.find((row) => row.rival === rival && row.subscribers === subscribers);
  const ours = find("embedded");
  const ws = find("ws");
  const io = find("socketio");
  return {
    subscribers,
    p50VsWs: ratio(ours?.latencyMs.p50, ws?.latencyMs.p50),
    p50VsSocketIo: ratio(ours?.latencyMs.p50, io?.latencyMs.p50),
    p95VsWs: ratio(ours?.latencyMs.p95, ws?.latencyMs.p95),
    p95VsSocketIo: ratio(ours?.latencyMs.p95, io?.latencyMs.p95),
    throughputVsWs: ratio(ours?.deliveriesPerSecond, ws?.deliveriesPerSecond),
    throughputVsSocketIo: ratio(ours?.deliveriesPerSecond, io?.deliveriesPerSecond),
    cpuVsWs: ratio(ours?.serverCpuMicrosPerDelivery, ws?.serverCpuMicrosPerDelivery),
    cpuVsSocketIo: ratio(ours?.serverCpuMicrosPerDelivery, io?.serverCpuMicrosPerDelivery),
  };
}
