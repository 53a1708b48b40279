import { describe, expect, it } from "vitest";

import { MemoryChatStore } from "./chat-store";

const from = (userId: string, message: string, clientMessageId?: string) => ({ userId, user: userId.toUpperCase(), message, clientMessageId });

function fill(store: MemoryChatStore, count: number) {
  for (let i = 1; i <= count; i += 1) store.append(from("ana", `message ${i}`));
}

const seqs = (page: { messages: { seq: number }[] }) => page.messages.map((message) => message.seq);

describe("MemoryChatStore", () => {
  it("numbers messages from 1 and stamps them", () => {
    const store = new MemoryChatStore();
    const { message, created } = store.append(from("ana", "Hello!"), new Date("2026-01-02T03:04:05Z"));
    expect(created).toBe(true);
    expect(message).toEqual({ id: "m1", seq: 1, userId: "ana", user: "ANA", message: "Hello!", timestamp: "2026-01-02T03:04:05.000Z" });
  });

  it("returns the same message for the same clientMessageId from the same user", () => {
    const store = new MemoryChatStore();
    const first = store.append(from("ana", "Hi", "client-0001"));
    const again = store.append(from("ana", "Hi (edited)", "client-0001"));
    expect(again).toEqual({ message: first.message, created: false });
    expect(store.append(from("ben", "Hi", "client-0001")).created).toBe(true);
    expect(store.list({ limit: 100 }).messages).toHaveLength(2);
  });

  it("lists the newest page, ascending, with hasMore for older ones", () => {
    const store = new MemoryChatStore();
    fill(store, 10);
    expect(seqs(store.list({ limit: 3 }))).toEqual([8, 9, 10]);
    expect(store.list({ limit: 3 }).hasMore).toBe(true);
    expect(store.list({ limit: 10 }).hasMore).toBe(false);
    expect(store.list({ limit: 11 }).hasMore).toBe(false);
  });

  it("pages back with before", () => {
    const store = new MemoryChatStore();
    fill(store, 10);
    expect(store.list({ limit: 3, before: 8 })).toMatchObject({ hasMore: true });
    expect(seqs(store.list({ limit: 3, before: 8 }))).toEqual([5, 6, 7]);
    expect(seqs(store.list({ limit: 3, before: 4 }))).toEqual([1, 2, 3]);
    expect(store.list({ limit: 3, before: 4 }).hasMore).toBe(false);
    expect(store.list({ limit: 3, before: 1 })).toEqual({ messages: [], hasMore: false });
  });

  it("catches up with after, oldest first, with hasMore for newer ones", () => {
    const store = new MemoryChatStore();
    fill(store, 10);
    expect(seqs(store.list({ limit: 3, after: 2 }))).toEqual([3, 4, 5]);
    expect(store.list({ limit: 3, after: 2 }).hasMore).toBe(true);
    expect(seqs(store.list({ limit: 3, after: 7 }))).toEqual([8, 9, 10]);
    expect(store.list({ limit: 3, after: 7 }).hasMore).toBe(false);
    expect(store.list({ limit: 3, after: 10 })).toEqual({ messages: [], hasMore: false });
    expect(store.list({ limit: 3, after: 99 })).toEqual({ messages: [], hasMore: false });
  });

  it("reads a window between after and before", () => {
    const store = new MemoryChatStore();
    fill(store, 10);
    expect(seqs(store.list({ limit: 10, after: 3, before: 7 }))).toEqual([4, 5, 6]);
    expect(store.list({ limit: 2, after: 3, before: 7 }).hasMore).toBe(true);
  });

  it("keeps only the last capacity messages and cursors stay right", () => {
    const store = new MemoryChatStore(5);
    fill(store, 12);
    expect(seqs(store.list({ limit: 100 }))).toEqual([8, 9, 10, 11, 12]);
    expect(store.list({ limit: 100 }).hasMore).toBe(false);
    // A client that last saw 3 gets everything still held, from the oldest.
    expect(seqs(store.list({ limit: 2, after: 3 }))).toEqual([8, 9]);
    expect(store.list({ limit: 2, after: 3 }).hasMore).toBe(true);
    expect(seqs(store.list({ limit: 2, before: 10 }))).toEqual([8, 9]);
    expect(store.list({ limit: 2, before: 10 }).hasMore).toBe(false);
    expect(store.list({ limit: 2, before: 5 })).toEqual({ messages: [], hasMore: false });
  });

  it("forgets idempotency keys of messages that fell off", () => {
    const store = new MemoryChatStore(2);
    store.append(from("ana", "first", "client-0001"));
    fill(store, 2);
    const retried = store.append(from("ana", "first", "client-0001"));
    expect(retried.created).toBe(true);
    expect(retried.message.seq).toBe(4);
  });
});
