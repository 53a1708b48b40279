import Pusher from "pusher-js";

import type { PusherClientConfig } from "@/config/settings";

import { pusherOptions, toConnectionStatus, type ConnectionStatus } from "./pusher-client";

export interface RealtimeSnapshot {
  /** null until a component has subscribed in the browser. */
  pusher: Pusher | null;
  status: ConnectionStatus;
}

const IDLE: RealtimeSnapshot = { pusher: null, status: "connecting" };

interface Shared {
  client: Pusher;
  signature: string;
  users: number;
  hasConnected: boolean;
  pendingRelease?: ReturnType<typeof setTimeout>;
  detach: () => void;
}

let shared: Shared | undefined;
let snapshot: RealtimeSnapshot = IDLE;
const listeners = new Set<() => void>();

function publish(next: RealtimeSnapshot) {
  if (next.pusher === snapshot.pusher && next.status === snapshot.status) return;
  snapshot = next;
  for (const listener of listeners) listener();
}

function open(config: PusherClientConfig, pageHost: string, signature: string): Shared {
  const client = new Pusher(config.key, pusherOptions(config, pageHost));
  const entry: Shared = { client, signature, users: 0, hasConnected: false, detach: () => {} };
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
  return entry;
}

function close(entry: Shared) {
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
