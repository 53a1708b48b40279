import "server-only";

import Pusher, { type ChannelAuthResponse, type PresenceChannelData } from "pusher";

import { RealtimeUnavailableError } from "./errors";
import { instrumentPusher } from "./monitor/app-metrics";
import { getSettings } from "./settings";

export type { ChannelAuthResponse, PresenceChannelData };

/**
 * The one way out of the web app to the realtime service (embedded, hosted or
 * external): every REST call (trigger, batch, channel queries, users,
 * terminate) goes through here, and gets
 *  - a deadline covering the whole call, body included;
 *  - one error mapping: timeout, refused connection or error status →
 *    RealtimeUnavailableError (503 with Retry-After);
 *  - the metrics (the SDK client is instrumented once, here).
 * Nothing else in the app holds the `pusher` SDK.
 */

/** How long one call may take, end to end, unless configured otherwise. */
export const DEFAULT_REALTIME_DEADLINE_MS = 3_000;

/** Pusher accepts at most 10 events per batch call. */
export const BATCH_LIMIT = 10;

const globalForGateway = globalThis as typeof globalThis & {
  /** The instrumented SDK client; dropped (tests: resetApp) to pick up new settings. */
  __coachproPusher?: Pusher;
  __coachproRealtimeDeadlineMs?: number;
};

/** Sets the deadline of every later call (tests shorten it); undefined restores the default. */
export function setRealtimeDeadline(ms: number | undefined): void {
  globalForGateway.__coachproRealtimeDeadlineMs = ms;
  delete globalForGateway.__coachproPusher;
}

/** The deadline, in milliseconds, each call to the realtime service gets. */
export function realtimeDeadlineMs(): number {
  return globalForGateway.__coachproRealtimeDeadlineMs ?? DEFAULT_REALTIME_DEADLINE_MS;
}

function client(): Pusher {
  if (!globalForGateway.__coachproPusher) {
    const { pusher } = getSettings();
    const sdk = new Pusher({
      appId: pusher.appId,
      key: pusher.key,
      secret: pusher.secret,
      cluster: pusher.cluster,
      ...(pusher.host ? { host: pusher.host, port: pusher.port } : {}),
      useTLS: pusher.useTLS,
      // The SDK aborts the request (and frees its socket) when no response
      // head came in time; the race in `withDeadline` also covers the body.
      timeout: realtimeDeadlineMs(),
    });
    globalForGateway.__coachproPusher = instrumentPusher(sdk);
  }
  return globalForGateway.__coachproPusher;
}

/** Changes whenever the client is rebuilt (new settings): lets callers drop what they cached for the old one. */
export function realtimeClientIdentity(): object {
  return client();
}

class DeadlineExceeded extends Error {
  override name = "DeadlineExceeded";
}

function failureOf(error: unknown): RealtimeUnavailableError {
  if (error instanceof RealtimeUnavailableError) return error;
  if (error instanceof DeadlineExceeded) return new RealtimeUnavailableError("timeout");
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number") return new RealtimeUnavailableError("status", status);
  // node-fetch reports the SDK's own abort as an AbortError inside RequestError.
  const cause = (error as { error?: { name?: unknown } } | null)?.error;
  return new RealtimeUnavailableError(cause?.name === "AbortError" ? "timeout" : "unreachable");
}

/**
 * Runs `call` against the SDK within the deadline. Any failure (thrown
 * synchronously, rejected, or late) becomes RealtimeUnavailableError, logged
 * once with `what`.
 */
async function withDeadline<T>(what: string, call: (pusher: Pusher) => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    const ms = realtimeDeadlineMs();
    timer = setTimeout(() => reject(new DeadlineExceeded(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => call(client())), late]);
  } catch (error) {
    const failure = failureOf(error);
    console.error(`coachpro: realtime ${what} failed (${failure.failure}${failure.upstreamStatus ? ` ${failure.upstreamStatus}` : ""}):`, (error as Error).message);
    throw failure;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a response body as JSON; a body that never ends is cut off by the caller's deadline. */
async function jsonOf(response: { json(): Promise<unknown>; body?: unknown }): Promise<unknown> {
  try {
    return await response.json();
  } catch (error) {
    (response.body as { destroy?: () => void } | undefined)?.destroy?.();
    throw error;
  }
}

/**
 * Triggers one event and waits until the service accepted it (an un-awaited
 * trigger is lost on serverless hosts). Throws RealtimeUnavailableError.
 */
export async function triggerEvent(channel: string, event: string, data: unknown): Promise<void> {
  await withDeadline(`trigger ${event} on ${channel}`, async (pusher) => {
    await pusher.trigger(channel, event, data);
  });
}

/** One event of a batch. */
export interface OutgoingEvent {
  channel: string;
  name: string;
  data: unknown;
}

/** What a batch trigger achieved: the events that went out and those that did not. */
export interface BatchOutcome {
  sent: OutgoingEvent[];
  failed: OutgoingEvent[];
}

/**
 * Triggers several events with as few calls as Pusher allows (batches of 10,
 * sent together), each call within the deadline. Never throws for the
 * service: reports which events went out, so a retry sends only the rest.
 */
export async function triggerBatch(events: OutgoingEvent[], what: string): Promise<BatchOutcome> {
  const batches: OutgoingEvent[][] = [];
  for (let i = 0; i < events.length; i += BATCH_LIMIT) batches.push(events.slice(i, i + BATCH_LIMIT));
  const results = await Promise.allSettled(
    batches.map((batch) =>
      withDeadline(what, async (pusher) => {
        await pusher.triggerBatch(batch.map((e) => ({ channel: e.channel, name: e.name, data: typeof e.data === "string" ? e.data : JSON.stringify(e.data) })));
      }),
    ),
  );
  const outcome: BatchOutcome = { sent: [], failed: [] };
  results.forEach((result, i) => (result.status === "fulfilled" ? outcome.sent : outcome.failed).push(...batches[i]!));
  return outcome;
}

/**
 * A signed GET on the REST API (`/channels`, `/channels/{name}`,
 * `/channels/{name}/users`, the embedded server's `/stats`), parsed as JSON,
 * body included within the deadline. Throws RealtimeUnavailableError, whose
 * `upstreamStatus` carries an error status the service answered.
 */
export async function queryRealtime(path: string, params?: Record<string, string>): Promise<unknown> {
  return withDeadline(`GET ${path}`, async (pusher) => jsonOf(await pusher.get({ path, params })));
}

/** Closes every connection of one user (Pusher user authentication). Throws RealtimeUnavailableError. */
export async function terminateUserConnections(userId: string): Promise<void> {
  await withDeadline("terminate_connections", async (pusher) => {
    await pusher.terminateUserConnections(userId);
  });
}

/**
 * Signs a pusher-js channel subscription. Local HMAC, no call leaves the
 * process; here so the SDK client and its credentials stay in one module.
 */
export function signChannelSubscription(socketId: string, channel: string, presence?: PresenceChannelData): ChannelAuthResponse {
  return presence ? client().authorizeChannel(socketId, channel, presence) : client().authorizeChannel(socketId, channel);
}
