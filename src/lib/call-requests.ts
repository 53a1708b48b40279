/**
 * How a "Call" button anywhere on the page reaches the one call layer (a
 * lazy chunk, mounted once): an in-page event, like deep links. Also the
 * layer's "busy" flag, so the buttons can say a call is already on.
 */

export interface CallRequest {
  invitees: string[];
  video: boolean;
}

const EVENT = "coachpro:start-call";

/** Asks the call layer to start a call. */
export function requestCall(request: CallRequest): void {
  window.dispatchEvent(new CustomEvent<CallRequest>(EVENT, { detail: request }));
}

/** Runs `handler` for each request; returns the unsubscribe. */
export function onCallRequest(handler: (request: CallRequest) => void): () => void {
  const listener = (event: Event) => handler((event as CustomEvent<CallRequest>).detail);
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}

let busy = false;
const listeners = new Set<() => void>();

/** The call layer says whether this tab is in (or ringing for) a call. */
export function setCallBusy(value: boolean): void {
  if (busy === value) return;
  busy = value;
  for (const listener of listeners) listener();
}

/** For useSyncExternalStore: whether this tab is busy with a call. */
export function isCallBusy(): boolean {
  return busy;
}

export function subscribeCallBusy(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
