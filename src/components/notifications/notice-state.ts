import type { Notice, NoticeAddedEvent, NoticeList, NoticesReadEvent } from "@/lib/notifications";

/** Entries the bell holds (the server keeps 100 per user; the bell loads the newest 50 and adds live ones). */
export const BELL_MAX = 100;

export interface NoticeState {
  notices: Notice[];
  unread: number;
  status: "loading" | "ready" | "error";
}

export type NoticeAction =
  | { type: "loaded"; list: NoticeList }
  | { type: "failed" }
  | { type: "added"; event: NoticeAddedEvent }
  | { type: "read"; event: Pick<NoticesReadEvent, "ids" | "all"> & { unread?: number } };

export const initialNoticeState: NoticeState = { notices: [], unread: 0, status: "loading" };

const countUnread = (notices: Notice[]) => notices.filter((notice) => !notice.read).length;

/**
 * The bell's list: what the server sent (a load replaces it), live notices
 * added once each, and read marks from any tab of the user. The unread count
 * is the server's when it said one, never less than what the list shows.
 */
export function noticeReducer(state: NoticeState, action: NoticeAction): NoticeState {
  switch (action.type) {
    case "loaded": {
      // A live notice the load does not hold arrived after the server read the list (the load was
      // already on its way): keep it, and its unread mark, rather than let the older answer drop it.
      const loaded = action.list.notices;
      const oldest = loaded.at(-1)?.at ?? "";
      const later = state.notices.filter((held) => held.at >= oldest && !loaded.some((notice) => notice.id === held.id));
      const notices = [...later, ...loaded].sort((a, b) => b.at.localeCompare(a.at)).slice(0, BELL_MAX);
      return { notices, unread: action.list.unread + countUnread(later), status: "ready" };
    }
    case "failed":
      return state.status === "ready" ? state : { ...state, status: "error" };
    case "added": {
      const { notice, unread } = action.event;
      if (state.notices.some((held) => held.id === notice.id)) return state;
      const notices = [notice, ...state.notices].sort((a, b) => b.at.localeCompare(a.at)).slice(0, BELL_MAX);
      return { ...state, notices, unread: Math.max(unread, countUnread(notices)) };
    }
    case "read": {
      const { ids, all } = action.event;
      const wanted = new Set(ids);
      const notices = state.notices.map((notice) => (!notice.read && (all || wanted.has(notice.id)) ? { ...notice, read: true } : notice));
      const shown = countUnread(notices);
      const unread = action.event.unread ?? (all ? 0 : state.unread - (countUnread(state.notices) - shown));
      return { ...state, notices, unread: Math.max(unread, shown) };
    }
  }
}

/** Whether `id` is a notice the list holds as unread. */
export function isUnread(state: NoticeState, id: string): boolean {
  return state.notices.some((notice) => notice.id === id && !notice.read);
}
