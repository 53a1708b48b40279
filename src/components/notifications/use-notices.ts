"use client";

import { useCallback, useEffect, useReducer, useRef } from "react";

import { useChannelEvents, useChannelSync } from "@/hooks/use-channel-event";
import { ApiError, apiFetch } from "@/lib/api-client";
import { EVENTS, userChannel } from "@/lib/channels";
import { noticeAddedEventSchema, noticeListSchema, noticesReadEventSchema } from "@/lib/client-notifications";
import type { Notice } from "@/lib/notifications";
import { openNoticeHref } from "@/lib/notice-links";
import { useSession } from "@/providers/session-provider";

import { initialNoticeState, isUnread, noticeReducer } from "./notice-state";
import { presentNotice } from "./present-notice";

/** While the realtime link is down, the list is fetched this often. */
const POLL_MS = 30_000;
const LOAD_LIMIT = 50;
/**
 * A load that brings an unread notice this young presents it too: it was
 * stored just before this page's list loaded, and its live event (if any)
 * finds it already listed. Each browser presents a notice once (the claim in
 * present-notice.ts), so a reload does not present it again.
 */
const JUST_ARRIVED_MS = 15_000;

/**
 * The signed-in person's notifications: loaded from the server when their
 * private channel (re)subscribes (so a reload or a dropped link loses
 * nothing), kept live by `notification-added` and `notifications-read` (so
 * every tab agrees at once), each new one presented once (present-notice.ts).
 * `markRead` is optimistic and reloads the list when the server refuses.
 */
export function useNotices({ openList }: { openList: () => void }) {
  const user = useSession();
  const [state, dispatch] = useReducer(noticeReducer, initialNoticeState);
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  });
  const channel = user ? userChannel(user.id) : null;

  // Filled in below: `load` and the live handler present through the latest `open`.
  const present = useRef<(notice: Notice) => void>(() => undefined);

  const load = useCallback(async () => {
    let list;
    try {
      list = noticeListSchema.parse(await apiFetch(`/api/notifications?limit=${LOAD_LIMIT}`));
    } catch {
      dispatch({ type: "failed" });
      return;
    }
    const held = new Set(stateRef.current.notices.map((notice) => notice.id));
    dispatch({ type: "loaded", list });
    const now = Date.now();
    for (const notice of [...list.notices].reverse()) {
      if (!notice.read && !held.has(notice.id) && now - Date.parse(notice.at) < JUST_ARRIVED_MS) present.current(notice);
    }
  }, []);

  const markRead = useCallback(
    async (ids: string[] | "all") => {
      const wanted = ids === "all" ? [] : ids.filter((id) => isUnread(stateRef.current, id));
      if (ids !== "all" && wanted.length === 0) return;
      dispatch({ type: "read", event: ids === "all" ? { ids: [], all: true } : { ids: wanted } });
      try {
        await apiFetch("/api/notifications/read", { method: "POST", json: ids === "all" ? { all: true } : { ids: wanted } });
      } catch (error) {
        // Not recorded: show the server's truth again (a 429 or an outage leaves them unread).
        if (error instanceof ApiError) void load();
      }
    },
    [load],
  );

  const open = useCallback(
    (notice: Notice) => {
      void markRead([notice.id]);
      openNoticeHref(notice.href);
    },
    [markRead],
  );

  useEffect(() => {
    present.current = (notice) => void presentNotice(notice, { open, openList });
  });

  useChannelSync(channel, load, POLL_MS);
  useChannelEvents(channel, `${EVENTS.notificationAdded},${EVENTS.notificationsRead}`, (event, data) => {
    if (event === EVENTS.notificationsRead) {
      const parsed = noticesReadEventSchema.safeParse(data);
      if (parsed.success) dispatch({ type: "read", event: parsed.data });
      return;
    }
    const parsed = noticeAddedEventSchema.safeParse(data);
    if (!parsed.success) return;
    const fresh = !stateRef.current.notices.some((notice) => notice.id === parsed.data.notice.id);
    dispatch({ type: "added", event: parsed.data });
    if (fresh) present.current(parsed.data.notice);
  });

  return { ...state, load, markRead, open };
}
