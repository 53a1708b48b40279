import "server-only";

import { collectDefaultMetrics, Counter, Registry } from "prom-client";
import type Pusher from "pusher";

import type { AppCounters } from "@/lib/monitor";
import { realtimeEndpointLabel } from "@/lib/realtime-routes";

/**
 * What this web process knows about its own realtime traffic, in a
 * prom-client registry of its own kept on globalThis: dev reloads re-run this
 * module, and registering the same metric names twice would throw.
 */
interface AppMetrics {
  registry: Registry;
  apiCalls: Counter<"endpoint" | "status">;
  triggers: Counter;
  triggerFailures: Counter;
  channelAuth: Counter<"result">;
}

const globalForMetrics = globalThis as typeof globalThis & { __coachproAppMetrics?: AppMetrics };

function createAppMetrics(): AppMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    apiCalls: new Counter({
      name: "coachpro_app_pusher_api_calls_total",
      help: "REST calls to the realtime service, by endpoint and HTTP status (network: no answer).",
      labelNames: ["endpoint", "status"] as const,
      registers,
    }),
    triggers: new Counter({ name: "coachpro_app_triggers_total", help: "Events triggered (each event of a batch counts).", registers }),
    triggerFailures: new Counter({
      name: "coachpro_app_trigger_failures_total",
      help: "Triggered events the realtime service refused or never answered.",
      registers,
    }),
    channelAuth: new Counter({
      name: "coachpro_app_channel_auth_total",
      help: "pusher-js channel authorizations, by result (signed, refused).",
      labelNames: ["result"] as const,
      registers,
    }),
  };
}

function metrics(): AppMetrics {
  globalForMetrics.__coachproAppMetrics ??= createAppMetrics();
  return globalForMetrics.__coachproAppMetrics;
}

/** The REST endpoint a `pusher` SDK path (after `/apps/{id}`) calls, as a label without names in it. */
export function pusherEndpoint(path: string): string {
  return realtimeEndpointLabel(path) ?? "other";
}

/** How many events a POST carries: 1 for `/events`, the batch size for `/batch_events`, else 0. */
function eventsIn(endpoint: string, body: unknown): number {
  if (endpoint === "events") return 1;
  if (endpoint !== "batch_events") return 0;
  const batch = (body as { batch?: unknown } | null | undefined)?.batch;
  return Array.isArray(batch) ? batch.length : 0;
}

/** The HTTP status of an SDK response or RequestError; "network" when none came back. */
function statusOf(outcome: unknown): string {
  const status = (outcome as { status?: unknown } | null)?.status;
  return typeof status === "number" ? String(status) : "network";
}

/**
 * Counts every REST call a `pusher` client makes, by wrapping its `get` and
 * `post`: every SDK call (trigger, triggerBatch, channel queries,
 * terminateUserConnections) goes through those two, so services that call
 * the SDK directly are counted without each remembering to. Returns the
 * same client.
 */
export function instrumentPusher(pusher: Pusher): Pusher {
  const get = pusher.get.bind(pusher);
  const post = pusher.post.bind(pusher);
  pusher.get = (options) => observe(get(options), pusherEndpoint(options.path), 0);
  pusher.post = (options) => {
    const endpoint = pusherEndpoint(options.path);
    return observe(post(options), endpoint, eventsIn(endpoint, options.body as unknown));
  };
  return pusher;
}

async function observe<T>(call: Promise<T>, endpoint: string, events: number): Promise<T> {
  const m = metrics();
  try {
    const result = await call;
    m.apiCalls.inc({ endpoint, status: statusOf(result) });
    if (events) m.triggers.inc(events);
    return result;
  } catch (error) {
    m.apiCalls.inc({ endpoint, status: statusOf(error) });
    if (events) {
      m.triggers.inc(events);
      m.triggerFailures.inc(events);
    }
    throw error;
  }
}

/** One pusher-js channel authorization: signed, or refused. */
export function countChannelAuth(result: "signed" | "refused"): void {
  metrics().channelAuth.inc({ result });
}

async function total(counter: Counter<string>, match: (labels: Record<string, string | number | undefined>) => boolean = () => true) {
  const { values } = await counter.get();
  return values.filter((value) => match(value.labels)).reduce((sum, value) => sum + value.value, 0);
}

/** This process's counters since it started. */
export async function appCounters(): Promise<AppCounters> {
  const m = metrics();
  const [apiCalls, apiFailures, triggers, triggerFailures, channelAuths, channelAuthRefusals] = await Promise.all([
    total(m.apiCalls),
    total(m.apiCalls, (labels) => !String(labels.status).startsWith("2")),
    total(m.triggers),
    total(m.triggerFailures),
    total(m.channelAuth, (labels) => labels.result === "signed"),
    total(m.channelAuth, (labels) => labels.result === "refused"),
  ]);
  return { apiCalls, apiFailures, triggers, triggerFailures, channelAuths, channelAuthRefusals };
}

/** This process's metrics in Prometheus text, with the content type to send. */
export async function appPrometheus(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
