import { describe, expect, it } from "vitest";

import type { NoticeKind } from "@/lib/notifications";

import { BACKENDS, startRedisForTests, type BackendKind } from "../store/test-backends";
import { MemoryNotificationStore, type NoticeDraft, type NotificationStore } from "./notification-store";
import { RedisNotificationStore } from "./redis-notification-store";

const draft = (n: number, kind: NoticeKind = "mention"): NoticeDraft => ({
  id: `n-notice${n}`,
  kind,
  title: `Ben mentioned you ${n} "quoted" 🏃`,
  body: `body ${n}`,
  href: `/?tab=chat&message=m${n}`,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
});

const ids = (list: { notices: { id: string }[] }) => list.notices.map((notice) => notice.id);

const redis = startRedisForTests();

describe.each(BACKENDS)("NotificationStore contract (%s)", (kind: BackendKind) => {
  const make = (perUser = 100): NotificationStore =>
    kind === "memory" ? new MemoryNotificationStore({ perUser, maxUsers: 1000 }) : new RedisNotificationStore(redis.client(), { perUser });

  it("stores a notice for each recipient, unread and newest first, exactly as given", async () => {
    const store = make();
    const first = await store.add(["ana", "ben"], draft(1));
    expect(first).toEqual([
      { userId: "ana", notice: { ...draft(1), read: false }, unread: 1 },
      { userId: "ben", notice: { ...draft(1), read: false }, unread: 1 },
    ]);
    await store.add(["ana"], draft(2, "award"));
    const list = await store.list("ana", 10);
    expect(list.notices).toEqual([{ ...draft(2, "award"), read: false }, { ...draft(1), read: false }]);
    expect(list.unread).toBe(2);
    expect(ids(await store.list("ana", 1))).toEqual(["n-notice2"]);
    expect(await store.list("cleo", 10)).toEqual({ notices: [], unread: 0 });
  });

  it("stores one notice per (user, id) whatever the retries, and a body-less notice without a body", async () => {
    const store = make();
    const { body: _body, ...bare } = draft(1);
    expect(await store.add(["ana", "ana"], bare)).toHaveLength(1);
    expect(await store.add(["ana", "ben"], bare)).toEqual([{ userId: "ben", notice: { ...bare, read: false }, unread: 1 }]);
    await store.markRead("ana", "all");
    expect(await store.add(["ana"], bare)).toEqual([]);
    const list = await store.list("ana", 10);
    expect(list.notices).toEqual([{ ...bare, read: true }]);
    expect(list.unread).toBe(0);
  });

  it("keeps the newest perUser notices per user, dropping the oldest with their read state", async () => {
    const store = make(3);
    for (let n = 1; n <= 5; n += 1) await store.add(["ana"], draft(n));
    const list = await store.list("ana", 100);
    expect(ids(list)).toEqual(["n-notice5", "n-notice4", "n-notice3"]);
    expect(list.unread).toBe(3);
    expect(await store.markRead("ana", ["n-notice1"])).toEqual({ ids: [], unread: 3 });
  });

  it("marks some or all read, per user, reporting only what changed", async () => {
    const store = make();
    for (let n = 1; n <= 3; n += 1) await store.add(["ana", "ben"], draft(n));
    expect(await store.markRead("ana", ["n-notice1", "n-unknown"])).toEqual({ ids: ["n-notice1"], unread: 2 });
    expect(await store.markRead("ana", ["n-notice1"])).toEqual({ ids: [], unread: 2 });
    expect((await store.list("ben", 10)).unread).toBe(3);
    const all = await store.markRead("ana", "all");
    expect(all.ids.sort()).toEqual(["n-notice2", "n-notice3"]);
    expect(all.unread).toBe(0);
    expect((await store.list("ana", 10)).notices.every((notice) => notice.read)).toBe(true);
    expect(await store.markRead("ana", "all")).toEqual({ ids: [], unread: 0 });
    expect(await store.markRead("nobody", "all")).toEqual({ ids: [], unread: 0 });
    // A new notice after marking all read is unread again.
    await store.add(["ana"], draft(4));
    expect((await store.list("ana", 10)).unread).toBe(1);
  });

  it("keeps preferences per user (all on at first) and stores no notice of a kind turned off", async () => {
    const store = make();
    expect(await store.preferences("ana")).toEqual({ mentions: true, awards: true, announcements: true });
    expect(await store.setPreferences("ana", { awards: false })).toEqual({ mentions: true, awards: false, announcements: true });
    expect(await store.setPreferences("ana", { mentions: false, awards: true })).toEqual({ mentions: false, awards: true, announcements: true });
    expect(await store.preferences("ben")).toEqual({ mentions: true, awards: true, announcements: true });

    expect(await store.add(["ana", "ben"], draft(1, "mention"))).toEqual([expect.objectContaining({ userId: "ben" })]);
    expect(await store.add(["ana"], draft(2, "award"))).toHaveLength(1);
    await store.setPreferences("ana", { announcements: false });
    expect(await store.add(["ana"], draft(3, "announcement"))).toEqual([]);
    expect(ids(await store.list("ana", 10))).toEqual(["n-notice2"]);
  });

  it("stores for many recipients at once (more than one script call's worth)", async () => {
    const store = make();
    const recipients = Array.from({ length: 250 }, (_, i) => `user-${i}`);
    const stored = await store.add(recipients, draft(7, "announcement"));
    expect(stored.map((entry) => entry.userId)).toEqual(recipients);
    expect(ids(await store.list("user-249", 5))).toEqual(["n-notice7"]);
  });
});

describe("MemoryNotificationStore", () => {
  it("forgets the least recently written user beyond maxUsers", async () => {
    const store = new MemoryNotificationStore({ perUser: 10, maxUsers: 2 });
    await store.add(["a"], draft(1));
    await store.add(["b"], draft(1));
    await store.add(["a"], draft(2));
    await store.add(["c"], draft(1));
    expect((await store.list("b", 10)).notices).toEqual([]);
    expect(ids(await store.list("a", 10))).toEqual(["n-notice2", "n-notice1"]);
  });
});
