/**
 * The numbers a Pusher dashboard shows, for this server: connections now and
 * at peak, occupied channels, subscriptions, frames in and out, REST API calls
 * and errors. Counting is a plain addition on the hot path; prom-client reads
 * the numbers only when `/metrics` is scraped, through `collect()` callbacks
 * on a registry owned by this server (never prom-client's global one: tests
 * start many servers in one process, and their numbers must not mix).
 *
 * Labels come from small fixed sets (endpoint, status, error kind): no
 * channel names, user ids or socket ids ever reach a label.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import { REALTIME_ROUTE_NAMES, type RealtimeRouteName } from "../lib/realtime-routes";

/** Why something failed, as counted in `coachpro_realtime_errors_total{kind}`. */
export const ERROR_KINDS = [
  /** `pusher:error` for a bad frame or a refused client event. */
  "protocol",
  /** A WebSocket refused at the handshake (unknown key, bad path or protocol). */
  "handshake",
  /** A forged subscription or sign-in signature. */
  "auth",
  /** A subscription refused for another reason (bad name, full presence channel, too many channels). */
  "subscription",
  /** A connection closed because it stopped reading (4100). */
  "slow_client",
  /** A connection closed for sending more frames than its inbound budget (4100). */
  "flood",
  /** A socket cut for not completing its handshake in time, or closed for not answering a ping (4201). */
  "timeout",
  /** A REST call answered 4xx (bad signature, bad body, unknown path). */
  "rest_4xx",
  /** A REST call answered 5xx (a bug). */
  "rest_5xx",
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** REST endpoints as labels (the shared route table's names): never the channel or user named in the path. */
export const API_ENDPOINTS = [...REALTIME_ROUTE_NAMES, "unknown"] as const;
export type ApiEndpoint = RealtimeRouteName | "unknown";

/** What the hub knows about the state right now. */
export interface Occupancy {
  /** Open WebSocket connections now. */
  connections: number;
  /** Most connections open at once since start. */
  peakConnections: number;
  /** Channels with at least one subscriber. */
  channels: number;
  /** Channel memberships: one connection on three channels counts three. */
  subscriptions: number;
}

/** The counters for a monitoring view; cumulative since start (rates are the reader's job). */
export interface RealtimeStats extends Occupancy {
  /** Frames received from clients. */
  messagesIn: number;
  /** Frames sent to clients. */
  messagesOut: number;
  /** Events accepted by the REST API (one per channel per event). */
  restEvents: number;
  /** REST API calls answered, whatever the status. */
  apiCalls: number;
  /** Every counted failure. */
  errors: number;
  errorsByKind: Record<ErrorKind, number>;
  /** Whole seconds since the server started. */
  uptimeSeconds: number;
}

export interface ServerMetricsOptions {
  occupancy: () => Occupancy;
  /** Also export prom-client's process metrics (CPU, memory, event loop). For a server alone in its process. */
  processMetrics?: boolean;
  /** Clock in milliseconds; default Date.now. */
  now?: () => number;
}

const PREFIX = "coachpro_realtime_";

/** One server's counters and the Prometheus registry that exposes them. */
export class ServerMetrics {
  readonly #occupancy: () => Occupancy;
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #errors = Object.fromEntries(ERROR_KINDS.map((kind) => [kind, 0])) as Record<ErrorKind, number>;
  /** `endpoint status` → calls. */
  readonly #apiCalls = new Map<string, number>();
  #apiCallTotal = 0;
  #messagesIn = 0;
  #messagesOut = 0;
  #restEvents = 0;
  #registry: Registry | undefined;
  readonly #processMetrics: boolean;

  constructor(options: ServerMetricsOptions) {
    this.#occupancy = options.occupancy;
    this.#now = options.now ?? Date.now;
    this.#startedAt = this.#now();
    this.#processMetrics = options.processMetrics ?? false;
  }

  countIn(): void {
    this.#messagesIn += 1;
  }

  countOut(): void {
    this.#messagesOut += 1;
  }

  countRestEvents(count: number): void {
    this.#restEvents += count;
  }

  countError(kind: ErrorKind): void {
    this.#errors[kind] += 1;
  }

  /** One answered REST call; a 4xx or 5xx also counts as an error. */
  countApiCall(endpoint: ApiEndpoint, status: number): void {
    const key = `${endpoint} ${status}`;
    this.#apiCalls.set(key, (this.#apiCalls.get(key) ?? 0) + 1);
    this.#apiCallTotal += 1;
    if (status >= 500) this.countError("rest_5xx");
    else if (status >= 400) this.countError("rest_4xx");
  }

  /** A fresh snapshot of every number. */
  snapshot(): RealtimeStats {
    const errorsByKind = { ...this.#errors };
    return {
      ...this.#occupancy(),
      messagesIn: this.#messagesIn,
      messagesOut: this.#messagesOut,
      restEvents: this.#restEvents,
      apiCalls: this.#apiCallTotal,
      errors: Object.values(errorsByKind).reduce((sum, n) => sum + n, 0),
      errorsByKind,
      uptimeSeconds: Math.max(0, Math.floor((this.#now() - this.#startedAt) / 1000)),
    };
  }

  /** The Prometheus text exposition and its content type. */
  async prometheus(): Promise<{ contentType: string; body: string }> {
    const registry = this.registry;
    return { contentType: registry.contentType, body: await registry.metrics() };
  }

  /** This server's registry, built on first use. */
  get registry(): Registry {
    this.#registry ??= this.#buildRegistry();
    return this.#registry;
  }

  #buildRegistry(): Registry {
    const registry = new Registry();
    const registers = [registry];
    // Gauges read the hub when scraped (cheap: four counts kept up to date by the hub).
    const read = (key: keyof Occupancy) => () => this.#occupancy()[key];
    gauge(registers, "connections", "Open WebSocket connections.", read("connections"));
    gauge(registers, "connections_peak", "Most WebSocket connections open at once since start.", read("peakConnections"));
    gauge(registers, "channels", "Channels with at least one subscriber.", read("channels"));
    gauge(registers, "subscriptions", "Channel memberships across all connections.", read("subscriptions"));
    gauge(registers, "start_time_seconds", "When this server started, in Unix seconds.", () => this.#startedAt / 1000);

    counter(registers, "messages_in_total", "WebSocket frames received from clients.", () => this.#messagesIn);
    counter(registers, "messages_out_total", "WebSocket frames sent to clients.", () => this.#messagesOut);
    counter(registers, "rest_events_total", "Events accepted by the REST API, one per channel.", () => this.#restEvents);

    const calls = this.#apiCalls;
    new Counter({
      name: `${PREFIX}api_calls_total`,
      help: "REST API calls answered, by endpoint and HTTP status.",
      labelNames: ["endpoint", "status"] as const,
      registers,
      collect() {
        this.reset();
        for (const [key, count] of calls) {
          const [endpoint = "unknown", status = "0"] = key.split(" ");
          this.inc({ endpoint, status }, count);
        }
      },
    });
    const errors = this.#errors;
    new Counter({
      name: `${PREFIX}errors_total`,
      help: `Failures by kind: ${ERROR_KINDS.join(", ")}.`,
      labelNames: ["kind"] as const,
      registers,
      collect() {
        this.reset();
        for (const kind of ERROR_KINDS) this.inc({ kind }, errors[kind]);
      },
    });

    if (this.#processMetrics) collectDefaultMetrics({ register: registry });
    return registry;
  }
}

function gauge(registers: Registry[], name: string, help: string, value: () => number): void {
  new Gauge({
    name: PREFIX + name,
    help,
    registers,
    collect() {
      this.set(value());
    },
  });
}

/** A counter whose value lives elsewhere: reset and re-added on each scrape. */
function counter(registers: Registry[], name: string, help: string, value: () => number): void {
  new Counter({
    name: PREFIX + name,
    help,
    registers,
    collect() {
      this.reset();
      this.inc(value());
    },
  });
}
