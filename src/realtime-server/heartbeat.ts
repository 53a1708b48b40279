/**
 * What one connection's liveness calls for at a sweep: nothing, a
 * `pusher:ping` (silent for the activity timeout), or reaping (no answer
 * within the pong timeout of that ping). Pure; the hub's sweep applies it.
 */
export type HeartbeatStep = "wait" | "ping" | "reap";

export interface HeartbeatTiming {
  /** Silence this long earns a ping (the `activity_timeout` sent to the client). */
  activityMs: number;
  /** After a ping, how long the client has to send anything before it is reaped (4201). */
  pongMs: number;
}

export interface HeartbeatState {
  now: number;
  /** When the client last sent anything. */
  lastActivityAt: number;
  /** When the server's unanswered ping went out, if one is outstanding. */
  pingSentAt: number | undefined;
}

/** Decides the step; any frame (not only `pusher:pong`) after the ping counts as the answer. */
export function heartbeatStep(state: HeartbeatState, timing: HeartbeatTiming): HeartbeatStep {
  const { now, lastActivityAt, pingSentAt } = state;
  if (pingSentAt !== undefined && lastActivityAt < pingSentAt) {
    return now - pingSentAt >= timing.pongMs ? "reap" : "wait";
  }
  return now - lastActivityAt >= timing.activityMs ? "ping" : "wait";
}

/**
 * How often the hub sweeps: a quarter of the shortest deadline it enforces,
 * between 5 ms and 1 s, so every deadline is met within a quarter of itself
 * (or a second) with one timer for the whole server.
 */
export function sweepIntervalMs(deadlinesMs: readonly number[]): number {
  return Math.min(1000, Math.max(5, Math.floor(Math.min(...deadlinesMs) / 4)));
}
