import "server-only";

import { RealtimeUnavailableError } from "./errors";
import { getPusher } from "./pusher";

/**
 * Triggers one event through the `pusher` SDK and waits for the server to
 * accept it (an un-awaited trigger is lost on serverless hosts). A refusal or
 * an unreachable server becomes 503, never an unhandled error.
 */
export async function triggerEvent(channel: string, event: string, data: unknown): Promise<void> {
  try {
    await getPusher().trigger(channel, event, data);
  } catch (error) {
    console.error(`coachpro: trigger ${event} on ${channel} failed:`, (error as Error).message);
    throw new RealtimeUnavailableError();
  }
}

/** One event of a batch. */
export interface OutgoingEvent {
  channel: string;
  name: string;
  data: unknown;
}

/** Pusher accepts at most 10 events per batch call. */
const BATCH_LIMIT = 10;

/**
 * Triggers several events with as few calls as Pusher allows (batches of 10,
 * sent together) and waits for all of them. Returns false when any batch
 * failed; failures are logged, never thrown — for events that must not fail
 * the request that caused them.
 */
export async function triggerEvents(events: OutgoingEvent[], what: string): Promise<boolean> {
  const batches: { channel: string; name: string; data: string }[][] = [];
  for (let i = 0; i < events.length; i += BATCH_LIMIT) {
    batches.push(events.slice(i, i + BATCH_LIMIT).map((e) => ({ ...e, data: typeof e.data === "string" ? e.data : JSON.stringify(e.data) })));
  }
  const results = await Promise.allSettled(batches.map((batch) => getPusher().triggerBatch(batch)));
  const failures = results.filter((result) => result.status === "rejected");
  for (const failure of failures) console.error(`coachpro: ${what} failed:`, (failure.reason as Error).message);
  return failures.length === 0;
}
