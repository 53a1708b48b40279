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

/** How long the first connection may take before the page starts polling instead. */
export const FIRST_CONNECT_GRACE_MS = 2_000;

/**
 * Keeps a resource in step with its live channel, fetching it ONCE per page
 * load when all goes well: `sync` runs when the channel's subscription
 * succeeds (so nothing posted between the fetch and the subscription is
 * missed) and again after every resubscription; when this component mounts
 * on a channel that is already subscribed, it runs once at once. While the
 * realtime link is down `sync` runs every `intervalMs` — on the first
 * connection only after FIRST_CONNECT_GRACE_MS, so a normal start does not
 * fetch twice. `channelName` null: nothing (signed out).
 */
export function useChannelSync(channelName: string | null, sync: () => Promise<void>, intervalMs: number): void {
  const { pusher, status } = useRealtime();
  const latest = useRef(sync);
  useEffect(() => {
    latest.current = sync;
  });

  useChannelEvent(channelName, "pusher:subscription_succeeded", () => void latest.current());

  // Subscribed before this component mounted: that event has come and gone.
  useEffect(() => {
    if (!pusher || !channelName || !pusher.channel(channelName)?.subscribed) return;
    const timer = setTimeout(() => void latest.current(), 0);
    return () => clearTimeout(timer);
  }, [pusher, channelName]);

  useEffect(() => {
    if (!channelName || status === "connected") return;
    let poll: ReturnType<typeof setInterval> | undefined;
    const first = setTimeout(
      () => {
        void latest.current();
        poll = setInterval(() => void latest.current(), intervalMs);
      },
      status === "connecting" ? FIRST_CONNECT_GRACE_MS : 0,
    );
    return () => {
      clearTimeout(first);
      clearInterval(poll);
    };
  }, [channelName, status, intervalMs]);
}
