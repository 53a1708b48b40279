import "server-only";

import { CHANNELS, EVENTS, userChannel } from "@/lib/channels";
import { EVENT_DATA_MAX_BYTES } from "@/lib/limits";
import type { NewMessageEvent, PinsUpdatedEvent, ReadsUpdatedEvent, ReadUpdatedEvent } from "@/lib/schemas";

import { RealtimeUnavailableError } from "../errors";
import { triggerBatch, type OutgoingEvent } from "../realtime-gateway";

const bytes = (data: unknown) => Buffer.byteLength(JSON.stringify(data), "utf8");

/**
 * A message event within Pusher's 10 KB. The longest text (2000 four-byte
 * characters) with a quote and six emoji of 20 listed reactors each would
 * pass it: reactor ids are left out first, longest list first (counts stay
 * exact, and GET /api/chat/reactions names everyone). Should it still not
 * fit (the longest text with four files), only the message's place goes out,
 * marked `partial`: pages fetch the message itself.
 */
export function fitEvent(event: NewMessageEvent): NewMessageEvent {
  if (bytes(event) <= EVENT_DATA_MAX_BYTES) return event;
  if (event.reactions) {
    const reactions = event.reactions.map((reaction) => ({ ...reaction, userIds: [...reaction.userIds] }));
    const fitted = { ...event, reactions };
    for (;;) {
      if (bytes(fitted) <= EVENT_DATA_MAX_BYTES) return fitted;
      const longest = reactions.reduce((a, b) => (b.userIds.length > a.userIds.length ? b : a));
      if (longest.userIds.length === 0) break;
      longest.userIds.pop();
    }
  }
  const { id, seq, rev, userId, user, timestamp, epoch } = event;
  return { id, seq, rev, userId, user, message: "", timestamp, epoch, partial: true };
}

export const messageUpdatedEvent = (event: NewMessageEvent): OutgoingEvent => ({
  channel: CHANNELS.chat,
  name: EVENTS.messageUpdated,
  data: fitEvent(event),
});

export const pinsUpdatedEvent = (data: PinsUpdatedEvent): OutgoingEvent => ({ channel: CHANNELS.chat, name: EVENTS.pinsUpdated, data });

export const readUpdatedEvent = (userId: string, data: ReadUpdatedEvent): OutgoingEvent => ({ channel: userChannel(userId), name: EVENTS.readUpdated, data });

export const readsUpdatedEvent = (data: ReadsUpdatedEvent): OutgoingEvent => ({ channel: CHANNELS.coaches, name: EVENTS.readsUpdated, data });

/**
 * Sends the events of a change that the store already has. When one does
 * not go out: 503 (the change is kept; a retry changes nothing and sends
 * the events again, and pages that missed it catch up by rev).
 */
export async function announce(events: OutgoingEvent[], what: string): Promise<void> {
  const { failed } = await triggerBatch(events, what);
  if (failed.length > 0) throw new RealtimeUnavailableError("unreachable", undefined, "Saved, but the live update did not go out; try again.");
}
