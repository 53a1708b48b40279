import { describe, expect, it } from "vitest";

import type { Notice } from "@/lib/notifications";

import { BELL_MAX, initialNoticeState, noticeReducer, type NoticeState } from "./notice-state";

const notice = (n: number, read = false): Notice => ({
  id: `n-${n}`,
  kind: "mention",
  title: `t${n}`,
  href: "/?tab=chat&message=m1",
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  read,
});

const loaded = (notices: Notice[], unread: number): NoticeState => noticeReducer(initialNoticeState, { type: "loaded", list: { notices, unread } });

describe("noticeReducer", () => {
  it("takes the server's list and count on load, and keeps them when a later load fails", () => {
    const state = loaded([notice(2), notice(1, true)], 1);
    expect(state).toEqual({ notices: [notice(2), notice(1, true)], unread: 1, status: "ready" });
    expect(noticeReducer(state, { type: "failed" })).toBe(state);
    expect(noticeReducer(initialNoticeState, { type: "failed" }).status).toBe("error");
  });

  it("keeps a live notice that arrived while an older list was on its way, with its unread mark", () => {
    // The page asked for the list, then a notice was stored and its event came before the answer.
    const live = noticeReducer(initialNoticeState, { type: "added", event: { notice: notice(3), unread: 2 } });
    const state = noticeReducer(live, { type: "loaded", list: { notices: [notice(2), notice(1, true)], unread: 1 } });
    expect(state.notices.map((n) => n.id)).toEqual(["n-3", "n-2", "n-1"]);
    expect(state.unread).toBe(2);
    // A load that already holds it counts it once.
    const again = noticeReducer(state, { type: "loaded", list: { notices: [notice(3), notice(2), notice(1, true)], unread: 2 } });
    expect(again.unread).toBe(2);
    expect(again.notices).toHaveLength(3);
  });

  it("adds a live notice once, newest first, bounded", () => {
    const state = loaded([notice(2)], 1);
    const added = noticeReducer(state, { type: "added", event: { notice: notice(3), unread: 2 } });
    expect(added.notices.map((n) => n.id)).toEqual(["n-3", "n-2"]);
    expect(added.unread).toBe(2);
    expect(noticeReducer(added, { type: "added", event: { notice: notice(3), unread: 2 } })).toBe(added);
    // An older one arriving late sorts into place.
    expect(noticeReducer(added, { type: "added", event: { notice: notice(1), unread: 3 } }).notices.map((n) => n.id)).toEqual(["n-3", "n-2", "n-1"]);
    let full = loaded([], 0);
    for (let n = 1; n <= BELL_MAX + 5; n += 1) full = noticeReducer(full, { type: "added", event: { notice: notice(n), unread: n } });
    expect(full.notices).toHaveLength(BELL_MAX);
    expect(full.notices[0]!.id).toBe(`n-${BELL_MAX + 5}`);
  });

  it("marks some or all read, taking the server's count when it says one", () => {
    const state = loaded([notice(3), notice(2), notice(1)], 5);
    const one = noticeReducer(state, { type: "read", event: { ids: ["n-2"] } });
    expect(one.notices.map((n) => n.read)).toEqual([false, true, false]);
    expect(one.unread).toBe(4);
    expect(noticeReducer(state, { type: "read", event: { ids: ["n-2"], unread: 2 } }).unread).toBe(2);
    const all = noticeReducer(state, { type: "read", event: { ids: [], all: true } });
    expect(all.notices.every((n) => n.read)).toBe(true);
    expect(all.unread).toBe(0);
    // Never fewer unread than the list shows.
    expect(noticeReducer(state, { type: "read", event: { ids: [], unread: 0 } }).unread).toBe(3);
  });
});
