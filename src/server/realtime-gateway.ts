import "server-only";

import Pusher, { type ChannelAuthResponse, type PresenceChannelData } from "pusher";

import { RealtimeUnavailableError } from "./errors";
import { instrumentPusher } from "./monitor/app-metrics";
import { OrderedDispatcher, type SentCall } from "./ordered-dispatch";
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
 * Triggers go out in order per channel (see OrderedDispatcher): concurrent
 * triggers on one channel are queued and sent together with batch_events,
 * never racing each other, so events of a channel leave this instance in
 * the order they were handed in (for chat: `seq` order).
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
  __coachproDispatcher?: OrderedDispatcher;
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
async function withDeadline<T>(what: string, call: (pusher: Pusher) => Promise<T>, ms = realtimeDeadlineMs()): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
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

const wireData = (data: unknown) => (typeof data === "string" ? data : JSON.stringify(data));

/**
 * One REST call for up to BATCH_LIMIT events: `events` for one, `batch_events`
 * for more. The caller's answer comes within `deadlineMs`; the request's own
 * end (bounded by twice the gateway deadline, since the SDK's timeout stops
 * counting once response headers arrive) keeps the channel busy.
 */
function sendCall(events: OutgoingEvent[], deadlineMs: number): SentCall {
  const first = events[0]!;
  const what = events.length === 1 ? `trigger ${first.name} on ${first.channel}` : `batch of ${events.length} (${first.name} on ${first.channel}, …)`;
  let request: Promise<unknown> | undefined;
  const answer = withDeadline(
    what,
    (pusher) =>
      (request =
        events.length === 1
          ? pusher.trigger(first.channel, first.name, wireData(first.data))
          : pusher.triggerBatch(events.map((e) => ({ channel: e.channel, name: e.name, data: wireData(e.data) })))),
    deadlineMs,
  ).then(() => undefined);
  const settled = answer.then(
    () => undefined,
    () => (request ? boundedWait(request, 2 * realtimeDeadlineMs()) : undefined),
  );
  return { answer, settled };
}

/** Waits for `promise` to settle, at most `ms`. */
function boundedWait(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise.then(noop, noop), limit]).finally(() => clearTimeout(timer));
}

const noop = () => undefined;

function dispatcher(): OrderedDispatcher {
  globalForGateway.__coachproDispatcher ??= new OrderedDispatcher(sendCall, {
    maxPerCall: BATCH_LIMIT,
    deadlineMs: realtimeDeadlineMs,
    expired: () => {
      console.error("coachpro: realtime trigger failed (timeout): still queued behind earlier events of its channel at the deadline");
      return new RealtimeUnavailableError("timeout");
    },
  });
  return globalForGateway.__coachproDispatcher;
}

/**
 * Triggers one event and waits until the service accepted it (an un-awaited
 * trigger is lost on serverless hosts), after the events handed in before it
 * on the same channel. Throws RealtimeUnavailableError.
 */
export async function triggerEvent(channel: string, event: string, data: unknown): Promise<void> {
  const [failure] = await dispatcher().dispatch([{ channel, name: event, data }]);
  if (failure) throw failure instanceof RealtimeUnavailableError ? failure : failureOf(failure);
}

/**
 * Triggers several events, in order per channel, with as few calls as Pusher
 * allows (batches of 10, possibly shared with other callers' events), each
 * within the caller's deadline. Never throws for the service: reports which
 * events went out, so a retry sends only the rest. `what` names the caller
 * in logs.
 */
export async function triggerBatch(events: OutgoingEvent[], what: string): Promise<BatchOutcome> {
  const failures = await dispatcher().dispatch(events);
  const outcome: BatchOutcome = { sent: [], failed: [] };
  events.forEach((event, i) => (failures[i] ? outcome.failed : outcome.sent).push(event));
  if (outcome.failed.length > 0 && outcome.sent.length > 0) console.error(`coachpro: ${what}: ${outcome.failed.length} of ${events.length} events did not go out`);
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
