"use client";

import type { PresenceChannel } from "pusher-js";
import { useCallback, useEffect, useRef } from "react";

import { useRealtime } from "@/providers/realtime-provider";

import { releaseChannel, retainChannel } from "./channel-registry";

export type EventHandler = (data: unknown, metadata?: { user_id?: string }) => void;

/**
 * Runs `handler` for every `event` on `channelName` (null: no subscription).
 * Subscriptions are shared between components; the latest handler is always
 * called without resubscribing.
 */
export function useChannelEvent(channelName: string | null, event: string, handler: EventHandler): void {
  useChannelEvents(channelName, event, (_event, data, metadata) => handler(data, metadata));
}

/**
 * Like useChannelEvent for several events of one channel (given as one
 * comma-separated string, so the dependency stays a primitive); the handler
 * also gets the event name.
 */
export function useChannelEvents(
  channelName: string | null,
  events: string,
  handler: (event: string, data: unknown, metadata?: { user_id?: string }) => void,
): void {
  const { pusher } = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!pusher || !channelName) return;
    const channel = retainChannel(pusher, channelName);
    const bound = events.split(",").map((event) => {
      const listener: EventHandler = (data, metadata) => latest.current(event, data, metadata);
      channel.bind(event, listener);
      return [event, listener] as const;
    });
    return () => {
      for (const [event, listener] of bound) channel.unbind(event, listener);
      releaseChannel(pusher, channelName);
    };
  }, [pusher, channelName, events]);
}

/** Reads the current pusher-js channel object at call time (for members and client events). */
export function usePresenceChannel(channelName: string | null): () => PresenceChannel | null {
  const { pusher } = useRealtime();
  return useCallback(
    () => (pusher && channelName ? ((pusher.channel(channelName) as PresenceChannel | undefined) ?? null) : null),
    [pusher, channelName],
  );
}

/**
 * Runs `sync` once at start (and whenever the link changes state), then every
 * `intervalMs` for as long as the realtime link is not connected — so the
 * page keeps up by polling while events cannot reach it.
 */
export function useSyncWhileOffline(sync: () => Promise<void>, intervalMs: number, enabled: boolean): void {
  const { status } = useRealtime();
  useEffect(() => {
    if (!enabled) return;
    const first = setTimeout(() => void sync(), 0);
    if (status === "connected") return () => clearTimeout(first);
    const poll = setInterval(() => void sync(), intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(poll);
    };
  }, [enabled, status, sync, intervalMs]);
}
