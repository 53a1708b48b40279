/**
 * Limits shared by the web app, the browser and the embedded realtime server:
 * one constant each, so a payload sized on one side is accepted on the other.
 */

/** Pusher Channels' limit on one event's `data` (hosted Pusher refuses more). */
export const EVENT_DATA_MAX_BYTES = 10 * 1024;
