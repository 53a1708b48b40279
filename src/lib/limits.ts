/**
 * Limits shared by the web app, the browser and the embedded realtime server:
 * one constant each, so a payload sized on one side is accepted on the other.
 */

/** Pusher Channels' limit on one event's `data` (hosted Pusher refuses more). */
export const EVENT_DATA_MAX_BYTES = 10 * 1024;

/** Longest chat message, in characters (code points) after trimming. */
export const MAX_MESSAGE_CHARACTERS = 2000;

/** Most points one award may add or take away. */
export const MAX_POINTS = 100_000;
