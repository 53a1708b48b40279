"use client";

import { useCallback, useState } from "react";

import { useSession } from "@/providers/session-provider";
import { apiFetch } from "@/lib/api-client";
import type { ActivityItem } from "@/lib/app-events";
import { channelKind } from "@/lib/channels";
import { activityItemSchema, appEventSchema, APP_EVENTS } from "@/lib/client-schemas";

import { useChannelEvents, useChannelSync } from "./use-channel-event";

const FEED_LIMIT = 50;
const POLL_INTERVAL_MS = 5000;

/**
 * A live feed of one public app channel: recent events from the server, then
 * each new one as it arrives, every event checked against its schema.
 */
export function useActivityFeed(channel: string) {
  const user = useSession();
  const [items, setItems] = useState<ActivityItem[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const kind = channelKind(channel);
  const events = kind ? Object.keys(APP_EVENTS[kind]).join(",") : "";

  const add = useCallback((incoming: ActivityItem[]) => {
    setItems((current) => {
      const known = new Set(current.map((item) => item.id));
      const fresh = incoming.filter((item) => !known.has(item.id));
      if (fresh.length === 0) return current;
      return [...fresh, ...current].sort((a, b) => b.at.localeCompare(a.at)).slice(0, FEED_LIMIT);
    });
  }, []);

  // Recent history at start, after every (re)subscription, and by polling while the link is down.
  const refetch = useCallback(async () => {
    try {
      const body = await apiFetch<{ items: unknown[] }>(`/api/activity?channel=${encodeURIComponent(channel)}`);
      add(body.items.flatMap((raw) => (activityItemSchema.safeParse(raw).success ? [raw as ActivityItem] : [])));
      setError(null);
    } catch {
      setError("Could not load recent activity.");
    } finally {
      setLoading(false);
    }
  }, [channel, add]);

  useChannelSync(user && events ? channel : null, refetch, POLL_INTERVAL_MS);

  useChannelEvents(user && events ? channel : null, events, (event, data) => {
    const schema = appEventSchema(channel, event);
    const parsed = schema?.safeParse(data);
    if (!parsed?.success) return;
    const stamped = parsed.data as { id?: string; sentAt?: string };
    add([{ id: stamped.id ?? crypto.randomUUID(), channel, event, data: parsed.data, at: stamped.sentAt ?? new Date().toISOString() }]);
  });

  return { items, loading, error };
}
