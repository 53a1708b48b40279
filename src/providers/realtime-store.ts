import type Pusher from "pusher-js";

import type { PusherClientConfig } from "@/config/settings";

import { pusherOptions, toConnectionStatus, type ConnectionStatus } from "./pusher-client";

export interface RealtimeSnapshot {
  /** null until a signed-in page has loaded pusher-js and created the client. */
  pusher: Pusher | null;
  status: ConnectionStatus;
}

const IDLE: RealtimeSnapshot = { pusher: null, status: "connecting" };

interface Shared {
  client: Pusher | null;
  signature: string;
  users: number;
  hasConnected: boolean;
  closed: boolean;
  pendingRelease?: ReturnType<typeof setTimeout>;
  detach: () => void;
}

let shared: Shared | undefined;
let pusherModule: Promise<typeof import("pusher-js")> | undefined;

/**
 * Hands over pusher-js when a signed-in page's own code already holds it
 * (pusher-eager.ts, bundled with the coaching page): no second download.
 */
export function providePusher(module: typeof import("pusher-js")): void {
  pusherModule ??= Promise.resolve(module);
}

/**
 * Starts downloading pusher-js now (once per page). The provider calls it
 * while rendering a signed-in page, so the chunk is on its way during
 * hydration instead of after it.
 */
export function preloadPusher(): Promise<typeof import("pusher-js")> {
  // A failed download is forgotten, so the next sign-in or mount tries again.
  pusherModule ??= import("pusher-js").catch((error: unknown) => {
    pusherModule = undefined;
    throw error;
  });
  return pusherModule;
}
let snapshot: RealtimeSnapshot = IDLE;
const listeners = new Set<() => void>();

function publish(next: RealtimeSnapshot) {
  if (next.pusher === snapshot.pusher && next.status === snapshot.status) return;
  snapshot = next;
  for (const listener of listeners) listener();
}

/**
 * pusher-js is loaded here, on first use, not with the page: the join screen
 * never downloads it and never opens a WebSocket.
 */
function open(config: PusherClientConfig, pageHost: string, signature: string): Shared {
  const entry: Shared = { client: null, signature, users: 0, hasConnected: false, closed: false, detach: () => {} };
  preloadPusher().then(
    ({ default: PusherClient }) => {
      if (entry.closed) return;
      const client = new PusherClient(config.key, pusherOptions(config, pageHost));
      entry.client = client;
      const update = () => {
        const state = client.connection.state;
        if (state === "connected") entry.hasConnected = true;
        publish({ pusher: client, status: toConnectionStatus(state, entry.hasConnected, navigator.onLine) });
      };
      client.connection.bind("state_change", update);
      window.addEventListener("online", update);
      window.addEventListener("offline", update);
      entry.detach = () => {
        client.connection.unbind("state_change", update);
        window.removeEventListener("online", update);
        window.removeEventListener("offline", update);
        client.disconnect();
      };
      update();
    },
    // The chunk did not load (offline, a deploy in between): say so, and the hooks poll.
    () => {
      if (!entry.closed) publish({ pusher: null, status: "offline" });
    },
  );
  return entry;
}

function close(entry: Shared) {
  entry.closed = true;
  entry.detach();
  if (shared === entry) {
    shared = undefined;
    publish(IDLE);
  }
}

/**
 * Subscribes to the tab's one pusher-js client, creating it on first use.
 * Reference-counted and released a tick late, so React StrictMode's
 * mount → unmount → mount keeps one client and one socket instead of two.
 */
export function subscribeRealtime(config: PusherClientConfig, pageHost: string, listener: () => void): () => void {
  const signature = JSON.stringify([config.key, config.cluster, config.wsHost, config.wsPort, config.forceTLS, pageHost]);
  if (shared && shared.signature !== signature) close(shared);
  shared ??= open(config, pageHost, signature);
  const entry = shared;
  clearTimeout(entry.pendingRelease);
  entry.users += 1;
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    entry.users -= 1;
    if (entry.users > 0) return;
    entry.pendingRelease = setTimeout(() => {
      if (entry.users === 0) close(entry);
    }, 0);
  };
}

export function getRealtimeSnapshot(): RealtimeSnapshot {
  return snapshot;
}

export function getServerRealtimeSnapshot(): RealtimeSnapshot {
  return IDLE;
}
