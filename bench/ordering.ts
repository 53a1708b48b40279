/**
 * (h) Events in order: N raw Pusher-protocol subscribers on `chat-channel`
 * of the running app (one instance, embedded realtime server) while P
 * athletes post at a steady total rate, then a burst of concurrent posts
 * from P more athletes. Every subscriber checks every `new-message` it gets:
 * a seq not above the one before is out of order, a seq seen before is
 * doubled, an acknowledged post a subscriber never got is lost.
 */
import type { RunningApp } from "./lib/app";
import { openClients } from "./lib/clients";
import { newHistogram, summarize, type Summary } from "./lib/histogram";
import { HttpClient } from "./lib/http-client";
import { pusherProtocol } from "./lib/protocols";
import { createSessions } from "./lib/sessions";
import { mapConcurrent, sleep, waitUntil } from "./lib/time";

export interface OrderingOptions {
  subscribers: number;
  /** Athletes posting in the paced phase (another as many post in the burst). */
  posters: number;
  /** Posts per second, all posters together (each stays within its 20 per 10 s). */
  rate: number;
  seconds: number;
  /** Posts sent at once after the paced phase, `burstConcurrency` in flight. */
  burst: number;
  burstConcurrency: number;
  log: (line: string) => void;
}

export interface OrderingPhase {
  posted: number;
  postErrors: number;
  /** Acknowledged posts per second over the phase. */
  postsPerSecond: number;
  postMs: Summary;
}

export interface OrderingResult {
  subscribers: number;
  posters: number;
  rate: number;
  seconds: number;
  paced: OrderingPhase;
  burst: OrderingPhase;
  /** Deliveries counted at the subscribers (every one of our messages, every subscriber). */
  deliveries: number;
  outOfOrder: number;
  doubled: number;
  lost: number;
}

const DRAIN_TIMEOUT_MS = 15_000;

/** Per subscriber: the last seq and which of our seqs arrived. */
class OrderTracker {
  readonly last: Float64Array;
  readonly seen: Set<number>[];
  deliveries = 0;
  outOfOrder = 0;
  doubled = 0;

  constructor(subscribers: number) {
    this.last = new Float64Array(subscribers);
    this.seen = Array.from({ length: subscribers }, () => new Set<number>());
  }

  readonly receive = (tag: string) => (data: string, client: number) => {
    const { seq, message } = JSON.parse(data) as { seq: number; message: string };
    if (!message.startsWith(tag)) return;
    this.deliveries += 1;
    const seen = this.seen[client]!;
    if (seen.has(seq)) this.doubled += 1;
    else if (seq <= this.last[client]!) this.outOfOrder += 1;
    seen.add(seq);
    this.last[client] = Math.max(this.last[client]!, seq);
  };
}

async function phase(work: (post: (i: number) => Promise<void>) => Promise<void>, post: (i: number) => Promise<number | undefined>, acked: Set<number>): Promise<OrderingPhase> {
  const latency = newHistogram();
  let posted = 0;
  let postErrors = 0;
  const start = performance.now();
  await work(async (i) => {
    const sent = performance.now();
    const seq = await post(i);
    latency.recordValue(Math.max(1, Math.round((performance.now() - sent) * 1000)));
    if (seq === undefined) postErrors += 1;
    else {
      posted += 1;
      acked.add(seq);
    }
  });
  const seconds = (performance.now() - start) / 1000;
  return { posted, postErrors, postsPerSecond: Math.round(posted / seconds), postMs: summarize(latency) };
}

export async function runOrdering(app: RunningApp, options: OrderingOptions): Promise<OrderingResult> {
  const http = new HttpClient(app.port);
  const tracker = new OrderTracker(options.subscribers);
  const tag = `order-${Date.now().toString(36)}`;
  options.log(`ordering: ${options.subscribers} subscribers on chat-channel, ${options.posters} + ${options.posters} athletes`);
  const pool = await openClients({
    kind: "embedded",
    port: app.realtimePort,
    count: options.subscribers,
    concurrency: 100,
    protocol: pusherProtocol(app.secrets.key, "chat-channel", "new-message"),
    onPayload: tracker.receive(tag),
  });
  try {
    const steady = await createSessions(app, http, { count: options.posters, role: "athlete", firstAddress: 50_000 });
    const bursty = await createSessions(app, http, { count: options.posters, role: "athlete", firstAddress: 52_000 });
    const acked = new Set<number>();
    const poster = (cookies: string[]) => async (i: number) => {
      const response = await http
        .send({ method: "POST", path: "/api/chat", json: { message: `${tag} ${i}`, clientMessageId: `${tag}-${i}` }, headers: { origin: app.origin, cookie: cookies[i % cookies.length]! } })
        .catch(() => undefined);
      if (response?.status !== 201) return undefined;
      return (JSON.parse(response.text) as { message: { seq: number } }).message.seq;
    };

    options.log(`ordering: ${options.rate} posts/s for ${options.seconds} s`);
    const total = Math.round(options.rate * options.seconds);
    const intervalMs = 1000 / options.rate;
    const paced = await phase(
      async (post) => {
        const start = performance.now();
        const inFlight: Promise<void>[] = [];
        for (let i = 0; i < total; i += 1) {
          const wait = start + i * intervalMs - performance.now();
          if (wait > 0) await sleep(wait);
          inFlight.push(post(i));
        }
        await Promise.all(inFlight);
      },
      poster(steady),
      acked,
    );

    options.log(`ordering: burst of ${options.burst} posts, ${options.burstConcurrency} at a time`);
    const burst = await phase(
      (post) => mapConcurrent(Array.from({ length: options.burst }, (_, i) => total + i), options.burstConcurrency, post).then(() => undefined),
      poster(bursty),
      acked,
    );

    const expected = acked.size * options.subscribers;
    await waitUntil(() => tracker.deliveries - tracker.doubled >= expected, DRAIN_TIMEOUT_MS);
    let lost = 0;
    for (const seen of tracker.seen) for (const seq of acked) if (!seen.has(seq)) lost += 1;
    return {
      subscribers: options.subscribers,
      posters: options.posters,
      rate: options.rate,
      seconds: options.seconds,
      paced,
      burst,
      deliveries: tracker.deliveries,
      outOfOrder: tracker.outOfOrder,
      doubled: tracker.doubled,
      lost,
    };
  } finally {
    http.close();
    await pool.close();
  }
}
