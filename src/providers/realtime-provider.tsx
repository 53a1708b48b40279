"use client";

import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from "react";

import type { PusherClientConfig, RealtimeMode } from "@/config/settings";

import {
  getRealtimeSnapshot,
  getServerRealtimeSnapshot,
  preloadPusher,
  subscribeRealtime,
  type RealtimeSnapshot,
} from "./realtime-store";

interface RealtimeContextValue extends RealtimeSnapshot {
  mode: RealtimeMode;
}

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

const noSubscription = () => () => {};

/**
 * Owns the tab's pusher-js client (one per tab) and tracks its connection
 * state. Only while `enabled` (someone is signed in): before that pusher-js
 * is not even loaded, and signing out disconnects.
 */
export function RealtimeProvider({
  config,
  mode,
  enabled = true,
  children,
}: {
  config: PusherClientConfig;
  mode: RealtimeMode;
  enabled?: boolean;
  children: ReactNode;
}) {
  // Idempotent: only starts the download, so rendering stays free of visible effects.
  if (enabled && typeof window !== "undefined") void preloadPusher();
  const { key, cluster, wsHost, wsPort, forceTLS } = config;
  const subscribe = useCallback(
    (listener: () => void) =>
      subscribeRealtime({ key, cluster, wsHost, wsPort, forceTLS }, window.location.hostname, listener),
    [key, cluster, wsHost, wsPort, forceTLS],
  );
  const snapshot = useSyncExternalStore(
    enabled ? subscribe : noSubscription,
    enabled ? getRealtimeSnapshot : getServerRealtimeSnapshot,
    getServerRealtimeSnapshot,
  );
  return <RealtimeContext.Provider value={{ ...snapshot, mode }}>{children}</RealtimeContext.Provider>;
}

/** The realtime context; throws when used outside RealtimeProvider. */
export function useRealtime(): RealtimeContextValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error("useRealtime must be used inside <RealtimeProvider>");
  return value;
}
