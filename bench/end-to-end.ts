/**
 * (b) End to end: `POST /api/chat` on `next start` → `new-message` received
 * by real pusher-js clients (the browser SDK, run in Node) connected to the
 * app's embedded realtime server, at a steady rate. The message text carries
 * its send time, so each delivery's latency is measured on one clock.
 *
 * Beside it, two floors measured in the same run, so the figure can be read:
 * Next's own round trip for a handler that does nothing (`GET
 * /api/bench-floor` at the same pace, before the chat phase), and how far
 * apart the 100 clients receive one message (first → last delivery: mostly
 * the clients' own decoding in this process, beside the server's 100 writes).
 */
import PusherJS from "pusher-js";
import type { RunningApp } from "./lib/app";
import { microsSince, newHistogram, summarize, type Histogram, type Summary } from "./lib/histogram";
import { HttpClient } from "./lib/http-client";
import { createSessions } from "./lib/sessions";
import { mapConcurrent, sleep, waitUntil, withTimeout } from "./lib/time";

/** DESIGN.md: chat-channel / new-message carries `{ id, user, message, timestamp, userId, seq }`. */
const CHAT_CHANNEL = "chat-channel";
const NEW_MESSAGE = "new-message";
/** 20 posts per 10 s per user: each poster stays at a quarter of that. */
const POSTS_PER_USER_PER_SECOND = 0.5;
const DRAIN_TIMEOUT_MS = 10_000;
const FLOOR_PATH = "/api/bench-floor";
/** Floor round trips: as many as recorded messages, at most this many. */
const MAX_FLOOR_REQUESTS = 100;

export interface EndToEndOptions {
  clients: number;
  /** Messages per second. */
  rate: number;
  /** Unrecorded messages first. */
  warmup: number;
  messages: number;
  log: (line: string) => void;
}

export interface EndToEndResult {
  clients: number;
  rate: number;
  messages: number;
  /** POST /api/chat → new-message at a client, ms. */
  latencyMs: Summary;
  /** POST /api/chat response time, ms. */
  postMs: Summary;
  /** GET /api/bench-floor (a handler that does nothing) round trip at the same pace, ms: Next's own share. */
  floorMs: Summary;
  /** Per message: POST sent → its first delivery, and first → last delivery over the clients, ms. */
  firstDeliveryMs: Summary;
  spreadMs: Summary;
  deliveries: number;
  lost: number;
  postErrors: number;
  posters: number;
}

function connect(app: RunningApp): PusherJS {
  return new PusherJS(app.secrets.key, {
    cluster: "mt1",
    wsHost: "127.0.0.1",
    wsPort: app.realtimePort,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
  });
}

function subscribed(client: PusherJS): Promise<void> {
  const channel = client.subscribe(CHAT_CHANNEL);
  return withTimeout(
    new Promise<void>((resolve, reject) => {
      channel.bind("pusher:subscription_succeeded", () => resolve());
      channel.bind("pusher:subscription_error", (error: unknown) => reject(new Error(`subscription failed: ${JSON.stringify(error)}`)));
    }),
    15_000,
    "pusher-js subscription to chat-channel",
  );
}

export async function runEndToEnd(app: RunningApp, options: EndToEndOptions): Promise<EndToEndResult> {
  const http = new HttpClient(app.port);
  const clients: PusherJS[] = [];
  const latency = newHistogram();
  const post = newHistogram();
  let deliveries = 0;
  let recordFrom = Infinity;
  const total = options.warmup + options.messages;
  // Per message seq: its first and last delivery time (performance.now()); NaN until the first.
  const firstAt = new Float64Array(total).fill(Number.NaN);
  const lastAt = new Float64Array(total).fill(Number.NaN);
  try {
    const posters = Math.max(2, Math.ceil(options.rate / POSTS_PER_USER_PER_SECOND));
    options.log(`end to end: ${options.clients} pusher-js clients, ${posters} posters`);
    const cookies = await createSessions(app, http, { count: posters, role: "athlete", firstAddress: 0 });
    await mapConcurrent(
      Array.from({ length: options.clients }, (_, i) => i),
      20,
      async () => {
        const client = connect(app);
        clients.push(client);
        await subscribed(client);
        client.channel(CHAT_CHANNEL).bind(NEW_MESSAGE, (data: { message?: unknown }) => {
          const now = performance.now();
          const [tag, sent, seq] = String(data.message).split(" ");
          if (tag !== "bench") return;
          deliveries += 1;
          const index = Number(seq);
          if (index >= recordFrom) latency.recordValue(microsSince(Number(sent), now));
          if (index >= 0 && index < total) {
            if (Number.isNaN(firstAt[index]!)) firstAt[index] = now;
            lastAt[index] = now;
          }
        });
      },
    );

    const intervalMs = 1000 / options.rate;
    const floor = await floorRoundTrips(http, Math.min(options.messages, MAX_FLOOR_REQUESTS), intervalMs);
    options.log(`end to end: ${total} messages at ${options.rate}/s`);
    recordFrom = options.warmup;
    let postErrors = 0;
    let posted = 0;
    const sentAts = new Float64Array(total);
    const start = performance.now();
    const pending: Promise<void>[] = [];
    for (let seq = 0; seq < total; seq += 1) {
      const wait = start + seq * intervalMs - performance.now();
      if (wait > 0) await sleep(wait);
      const sentAt = performance.now();
      sentAts[seq] = sentAt;
      const call = http
        .send({
          method: "POST",
          path: "/api/chat",
          json: { message: `bench ${sentAt} ${seq}` },
          headers: { origin: app.origin, cookie: cookies[seq % cookies.length]! },
        })
        .then(
          (res) => {
            if (res.status !== 201) postErrors += 1;
            else posted += 1;
            if (seq >= options.warmup) post.recordValue(microsSince(sentAt));
          },
          () => void (postErrors += 1),
        );
      pending.push(call);
    }
    await Promise.all(pending);
    await waitUntil(() => deliveries >= posted * options.clients, DRAIN_TIMEOUT_MS);
    const first = newHistogram();
    const spread = newHistogram();
    for (let seq = options.warmup; seq < total; seq += 1) {
      if (Number.isNaN(firstAt[seq]!)) continue;
      first.recordValue(microsSince(sentAts[seq]!, firstAt[seq]!));
      spread.recordValue(microsSince(firstAt[seq]!, lastAt[seq]!));
    }

    return {
      clients: options.clients,
      rate: options.rate,
      messages: options.messages,
      latencyMs: summarize(latency),
      postMs: summarize(post),
      floorMs: summarize(floor),
      firstDeliveryMs: summarize(first),
      spreadMs: summarize(spread),
      deliveries,
      lost: posted * options.clients - deliveries,
      postErrors,
      posters,
    };
  } finally {
    for (const client of clients) client.disconnect();
    http.close();
  }
}

/** `count` round trips of the do-nothing route, one every `intervalMs` (after a few unrecorded ones). */
async function floorRoundTrips(http: HttpClient, count: number, intervalMs: number): Promise<Histogram> {
  const histogram = newHistogram();
  const warmup = Math.min(10, count);
  for (let i = 0; i < warmup + count; i += 1) {
    await sleep(intervalMs);
    const sentAt = performance.now();
    const res = await http.send({ path: FLOOR_PATH });
    if (res.status !== 200) throw new Error(`GET ${FLOOR_PATH} answered ${res.status}`);
    if (i >= warmup) histogram.recordValue(microsSince(sentAt));
  }
  return histogram;
}
