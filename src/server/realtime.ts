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
