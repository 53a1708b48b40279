import "server-only";

import type { AdminTrigger } from "@/lib/schemas";

import { HttpError } from "./errors";
import { triggerEvent } from "./realtime";

/** Pusher's limit on one event's data. */
export const MAX_EVENT_BYTES = 10 * 1024;

/** Triggers an admin event on an allow-listed channel (already validated). */
export async function triggerAdminEvent({ channel, event, data }: AdminTrigger): Promise<void> {
  const serialized = typeof data === "string" ? data : JSON.stringify(data);
  if (Buffer.byteLength(serialized) > MAX_EVENT_BYTES) {
    throw new HttpError(413, "event_too_large", `Event data must be at most ${MAX_EVENT_BYTES} bytes.`);
  }
  await triggerEvent(channel, event, data);
}

