"use client";

import { useCallback, useEffect, useState } from "react";

import { useChannelEvent, useChannelSync } from "@/hooks/use-channel-event";
import { ApiError, apiFetch } from "@/lib/api-client";
import { CHANNELS, EVENTS } from "@/lib/channels";
import type { ClassInfo, ClassSummary } from "@/lib/classes";
import { classInfoSchema, classListSchema } from "@/lib/client-classes";
import { useSession } from "@/providers/session-provider";

/** Who is live changes without an event to say so (presence is seen by members only): the list is read again this often while shown. */
export const CLASSES_REFRESH_MS = 10_000;

export interface ClassesState {
  classes: ClassSummary[];
  loading: boolean;
  /** Why the list could not be read (shown with Retry); null once it was. */
  error: string | null;
  /** Why who is live is not known right now, while the list itself is. */
  liveError: string | null;
  retry: () => void;
  /** Puts a class this page just started at the top (its event may come later, or not at all). */
  add: (info: ClassInfo) => void;
}

/**
 * The classes list: read when classes-channel is subscribed (and after each
 * resubscription, or by polling while the live link is down), kept live by
 * `class-started` events, and read again every 10 s while the page is
 * visible so who is live in each stays current.
 */
export function useClasses(): ClassesState {
  const user = useSession();
  const [classes, setClasses] = useState<ClassSummary[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [liveError, setLiveError] = useState<string | null>(null);

  const add = useCallback((info: ClassInfo) => {
    setClasses((current) => (current.some((c) => c.id === info.id) ? current : [{ ...info, live: { count: 0, names: [] } }, ...current]));
  }, []);

  const refresh = useCallback(async () => {
    try {
      const parsed = classListSchema.safeParse(await apiFetch<unknown>("/api/classes"));
      if (!parsed.success) throw new Error("unexpected shape");
      setClasses((current) => mergeFresh(parsed.data.classes, current));
      setLiveError(parsed.data.liveError ?? null);
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load the classes.");
    } finally {
      setLoading(false);
    }
  }, []);

  const channel = user ? CHANNELS.classes : null;
  useChannelSync(channel, refresh, CLASSES_REFRESH_MS);
  useChannelEvent(channel, EVENTS.classStarted, (data) => {
    const parsed = classInfoSchema.safeParse(data);
    if (parsed.success) add(parsed.data);
  });

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void refresh();
    }, CLASSES_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const retry = useCallback(() => {
    setLoading(true);
    void refresh();
  }, [refresh]);

  return { classes, loading, error, liveError, retry, add };
}

/**
 * The list as the server answered, keeping any class this page learned of
 * (an event, its own start) that is newer than the answer's newest: the
 * answer may have left before it was stored.
 */
export function mergeFresh(fresh: ClassSummary[], current: ClassSummary[]): ClassSummary[] {
  const newest = fresh[0]?.createdAt ?? "";
  const known = new Set(fresh.map((c) => c.id));
  return [...current.filter((c) => !known.has(c.id) && c.createdAt > newest), ...fresh];
}
