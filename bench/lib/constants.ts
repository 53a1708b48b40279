/** Names and credentials shared by the bench's servers and clients (loopback only, never real secrets). */

/** Credentials of the embedded server started by the bench. */
export const BENCH_APP = {
  appId: "bench",
  key: "bench-key",
  secret: "bench-secret-not-for-production",
} as const;

/** The channel (Pusher) or room (Socket.IO) every fan-out client listens on. */
export const BENCH_CHANNEL = "bench";

/** The event name every fan-out broadcast carries. */
export const BENCH_EVENT = "bench";

/** Loopback only: the bench never sends traffic elsewhere. */
export const HOST = "127.0.0.1";

/** The servers a fan-out or connection comparison can start. */
export type RivalKind = "embedded" | "socketio" | "ws";

export const RIVAL_LABELS: Record<RivalKind, string> = {
  embedded: "embedded (ours)",
  socketio: "Socket.IO 4",
  ws: "bare ws",
};
