"use client";

import { useCallback, useEffect, useState } from "react";

import { useSession } from "@/components/session/session-provider";
import { apiFetch } from "@/lib/api-client";
import { activityItemSchema, appEventSchema, APP_EVENTS, channelKind, type ActivityItem } from "@/lib/app-events";

import { useChannelEvents } from "./use-pusher";

const FEED_LIMIT = 50;

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

  useEffect(() => {
    if (!user) return;
    let cancelled = false;
    apiFetch<{ items: unknown[] }>(`/api/activity?channel=${encodeURIComponent(channel)}`)
      .then((body) => {
        if (cancelled) return;
        add(body.items.flatMap((raw) => (activityItemSchema.safeParse(raw).success ? [raw as ActivityItem] : [])));
        setError(null);
      })
      .catch(() => !cancelled && setError("Could not load recent activity."))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [user, channel, add]);

  useChannelEvents(user && events ? channel : null, events, (event, data) => {
    const schema = appEventSchema(channel, event);
    const parsed = schema?.safeParse(data);
    if (!parsed?.success) return;
    const stamped = parsed.data as { id?: string; sentAt?: string };
    add([{ id: stamped.id ?? crypto.randomUUID(), channel, event, data: parsed.data, at: stamped.sentAt ?? new Date().toISOString() }]);
  });

  return { items, loading, error };
}
