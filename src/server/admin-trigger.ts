import "server-only";

import { randomUUID } from "node:crypto";

import { appEventSchema, type AdminTriggerRequest } from "@/lib/app-events";
import { channelKind } from "@/lib/channels";
import { EVENT_DATA_MAX_BYTES } from "@/lib/limits";

import { recordActivity } from "./activity/activity-log";
import { HttpError, ValidationError } from "./errors";
import { adminEventNotices } from "./notifications/admin-notices";
import { sendNoticeEvents } from "./notifications/notification-service";
import { triggerEvent } from "./realtime-gateway";

function tooLarge() {
  return new HttpError(413, "event_too_large", `Event data must be at most ${EVENT_DATA_MAX_BYTES} bytes.`);
}

/**
 * Triggers an app event on an allow-listed channel after checking its data
 * against that channel's schema. The server stamps `id` and `sentAt`; events
 * on public channels are kept for the activity feeds. Announcements and
 * notifications are also stored as notices (one per person, in their bell;
 * stored before anything is sent, so a store that is down refuses the whole
 * event with 503) and announced on each recipient's private channel.
 * `authorId`: the signed-in sender, who gets no notice of their own event.
 */
export async function triggerAdminEvent({ channel, event, data }: AdminTriggerRequest, authorId?: string): Promise<{ id: string; sentAt: string }> {
  if (Buffer.byteLength(JSON.stringify(data)) > EVENT_DATA_MAX_BYTES) throw tooLarge();
  const schema = appEventSchema(channel, event);
  if (!schema) {
    throw new ValidationError([{ path: "event", message: `${channel} does not carry "${event}" events.` }]);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw ValidationError.from(parsed.error);
  const stamped = { ...(parsed.data as object), id: randomUUID(), sentAt: new Date().toISOString() };
  if (Buffer.byteLength(JSON.stringify(stamped)) > EVENT_DATA_MAX_BYTES) throw tooLarge();
  const notices = await adminEventNotices(channel, event, stamped, authorId);
  await triggerEvent(channel, event, stamped);
  if (channelKind(channel) !== "user") await recordActivity(channel, event, stamped);
  await sendNoticeEvents(notices, `${event} notices`);
  return { id: stamped.id, sentAt: stamped.sentAt };
}
