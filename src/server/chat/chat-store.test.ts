import { describe, expect, it } from "vitest";

import { BACKENDS, startRedisForTests, type BackendKind } from "../store/test-backends";
import { DELIVERY_LEASE_MS, MemoryChatStore, type ChatStore } from "./chat-store";
import { RedisChatStore } from "./redis-chat-store";

const from = (userId: string, message: string, clientMessageId?: string) => ({ userId, user: userId.toUpperCase(), message, clientMessageId });

async function fill(store: ChatStore, count: number) {
  for (let i = 1; i <= count; i += 1) await store.append(from("ana", `message ${i}`));
}

const seqs = (page: { messages: { seq: number }[] }) => page.messages.map((message) => message.seq);
const page = async (store: ChatStore, query: { limit: number; before?: number; after?: number }) => {
  const { messages, hasMore } = await store.list(query);
  return { messages, hasMore };
};

const redis = startRedisForTests();

describe.each(BACKENDS)("ChatStore contract (%s)", (kind: BackendKind) => {
  const make = (capacity?: number): ChatStore =>
    kind === "memory" ? new MemoryChatStore({ capacity }) : new RedisChatStore(redis.client(), { capacity });

  it("numbers messages from 1, stamps them and puts the epoch in the id", async () => {
    const store = make();
    const { message, created, epoch } = await store.append(from("ana", "Hello!"), new Date("2026-01-02T03:04:05Z"));
    expect(created).toBe(true);
    expect(epoch).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(message).toEqual({ id: `m1-${epoch}`, seq: 1, rev: 1, userId: "ana", user: "ANA", message: "Hello!", timestamp: "2026-01-02T03:04:05.000Z" });
    expect((await store.list({ limit: 10 })).epoch).toBe(epoch);
  });

  it("keeps the author's role with the message (the coach badge), and leaves it out when not given", async () => {
    const store = make();
    const { message } = await store.append({ ...from("cara", "Warm up first"), role: "coach" });
    expect(message.role).toBe("coach");
    expect((await store.list({ limit: 1 })).messages[0]).toEqual(message);
    expect("role" in (await store.append(from("ana", "no role"))).message).toBe(false);
  });

  it("keeps a message's attachments (metadata) through reads and reactions, and drops them when it is deleted", async () => {
    const store = make();
    const photo = { id: "AAAAAAAAAAAAAAAAAAAAAA", name: "bar “front”.jpg", type: "image/jpeg", size: 10_485_760, width: 4032, height: 3024, url: "/api/files/AAAAAAAAAAAAAAAAAAAAAA", thumbUrl: "/api/files/AAAAAAAAAAAAAAAAAAAAAA/thumb" };
    const plan = { id: "BBBBBBBBBBBBBBBBBBBBBB", name: "Plan.pdf", type: "application/pdf", size: 2048, url: "/api/files/BBBBBBBBBBBBBBBBBBBBBB" };
    const { message } = await store.append({ ...from("cara", ""), attachments: [photo, plan] });
    expect(message.attachments).toEqual([photo, plan]);
    expect((await store.list({ limit: 1 })).messages[0]).toEqual(message);
    await store.react({ id: message.id, userId: "ana", emoji: "👍", on: true });
    expect((await store.list({ limit: 1 })).messages[0]!.attachments).toEqual([photo, plan]);
    const removal = await store.remove({ id: message.id, userId: "cara", asCoach: false });
    expect(removal.message.attachments).toBeUndefined();
    // The delete hands back the files it took off, once: a repeated delete has none to give.
    expect(removal.removedAttachments).toEqual([photo, plan]);
    expect((await store.remove({ id: message.id, userId: "cara", asCoach: false })).removedAttachments).toBeUndefined();
    expect((await store.list({ limit: 1 })).messages[0]!.attachments).toBeUndefined();
    expect("attachments" in (await store.append(from("ana", "no files"))).message).toBe(false);
  });

  it("keeps user text exactly, quotes, backslashes, emoji and all", async () => {
    const store = make();
    const text = `"quoted" \\ back\\slash {"json":1} ]] ' -- end 🏃 \n line`;
    const { message } = await store.append(from("ana", text, "client-quote"));
    expect(message.message).toBe(text);
    expect((await store.list({ limit: 1 })).messages[0]).toEqual(message);
  });

  it("returns the same message for the same clientMessageId from the same user", async () => {
    const store = make();
    const first = await store.append(from("ana", "Hi", "client-0001"));
    const again = await store.append(from("ana", "Hi (edited)", "client-0001"));
    expect(again).toEqual({ ...first, created: false });
    expect((await store.append(from("ben", "Hi", "client-0001"))).created).toBe(true);
    expect((await store.list({ limit: 100 })).messages).toHaveLength(2);
  });

  it("remembers that a message's event has not gone out until it is marked delivered", async () => {
    const store = make();
    const first = await store.append(from("ana", "Hi", "client-0002"));
    expect(first.undelivered).toBe(true);
    expect((await store.append(from("ana", "Hi", "client-0002"))).undelivered).toBe(true);
    await store.markDelivered(first.message.seq);
    expect((await store.append(from("ana", "Hi", "client-0002"))).undelivered).toBe(false);
    expect((await store.append(from("ana", "no key"))).undelivered).toBe(false);
  });

  it("lets one process at a time send an undelivered message's event, the poster first", async () => {
    const store = make();
    const at = new Date("2026-01-02T03:04:05Z");
    const later = (ms: number) => new Date(at.getTime() + ms);
    const { message } = await store.append(from("ana", "Hi", "client-0003"), at);
    expect(await store.claimDelivery(message.seq, later(1))).toBe("held");
    expect(await store.claimDelivery(message.seq, later(DELIVERY_LEASE_MS + 1))).toBe("claimed");
    expect(await store.claimDelivery(message.seq, later(DELIVERY_LEASE_MS + 2))).toBe("held");
    await store.releaseDelivery(message.seq);
    expect(await store.claimDelivery(message.seq, later(DELIVERY_LEASE_MS + 3))).toBe("claimed");
    await store.markDelivered(message.seq);
    expect(await store.claimDelivery(message.seq, later(3 * DELIVERY_LEASE_MS))).toBe("delivered");
    const { message: plain } = await store.append(from("ana", "no key"), at);
    expect(await store.claimDelivery(plain.seq, later(1))).toBe("delivered");
  });

  it("lists the newest page, ascending, with hasMore for older ones", async () => {
    const store = make();
    await fill(store, 10);
    expect(seqs(await store.list({ limit: 3 }))).toEqual([8, 9, 10]);
    expect((await store.list({ limit: 3 })).hasMore).toBe(true);
    expect((await store.list({ limit: 10 })).hasMore).toBe(false);
    expect((await store.list({ limit: 11 })).hasMore).toBe(false);
  });

  it("pages back with before", async () => {
    const store = make();
    await fill(store, 10);
    expect(await page(store, { limit: 3, before: 8 })).toMatchObject({ hasMore: true });
    expect(seqs(await store.list({ limit: 3, before: 8 }))).toEqual([5, 6, 7]);
    expect(seqs(await store.list({ limit: 3, before: 4 }))).toEqual([1, 2, 3]);
    expect((await store.list({ limit: 3, before: 4 })).hasMore).toBe(false);
    expect(await page(store, { limit: 3, before: 1 })).toEqual({ messages: [], hasMore: false });
    expect(await page(store, { limit: 3, before: 0 })).toEqual({ messages: [], hasMore: false });
  });

  it("catches up with after, oldest first, with hasMore for newer ones", async () => {
    const store = make();
    await fill(store, 10);
    expect(seqs(await store.list({ limit: 3, after: 2 }))).toEqual([3, 4, 5]);
    expect((await store.list({ limit: 3, after: 2 })).hasMore).toBe(true);
    expect(seqs(await store.list({ limit: 3, after: 7 }))).toEqual([8, 9, 10]);
    expect((await store.list({ limit: 3, after: 7 })).hasMore).toBe(false);
    expect(await page(store, { limit: 3, after: 10 })).toEqual({ messages: [], hasMore: false });
    expect(await page(store, { limit: 3, after: 99 })).toEqual({ messages: [], hasMore: false });
  });

  it("reads a window between after and before", async () => {
    const store = make();
    await fill(store, 10);
    expect(seqs(await store.list({ limit: 10, after: 3, before: 7 }))).toEqual([4, 5, 6]);
    expect((await store.list({ limit: 2, after: 3, before: 7 })).hasMore).toBe(true);
    expect((await store.list({ limit: 3, after: 3, before: 7 })).hasMore).toBe(false);
  });

  it("keeps only the last capacity messages and cursors stay right", async () => {
    const store = make(5);
    await fill(store, 12);
    expect(seqs(await store.list({ limit: 100 }))).toEqual([8, 9, 10, 11, 12]);
    expect((await store.list({ limit: 100 })).hasMore).toBe(false);
    // A client that last saw 3 gets everything still held, from the oldest.
    expect(seqs(await store.list({ limit: 2, after: 3 }))).toEqual([8, 9]);
    expect((await store.list({ limit: 2, after: 3 })).hasMore).toBe(true);
    expect(seqs(await store.list({ limit: 2, before: 10 }))).toEqual([8, 9]);
    expect((await store.list({ limit: 2, before: 10 })).hasMore).toBe(false);
    expect(await page(store, { limit: 2, before: 5 })).toEqual({ messages: [], hasMore: false });
  });

  it("forgets idempotency keys of messages that fell off", async () => {
    const store = make(2);
    await store.append(from("ana", "first", "client-0001"));
    await fill(store, 2);
    const retried = await store.append(from("ana", "first", "client-0001"));
    expect(retried.created).toBe(true);
    expect(retried.message.seq).toBe(4);
  });

  it("gives every concurrent post its own seq, none twice, none skipped", async () => {
    const store = make();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(from(`user${i % 5}`, `m${i}`))));
    expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.message.id)).size).toBe(50);
  });
});

describe("MemoryChatStore", () => {
  it("is a new epoch for each new store, so ids never repeat across restarts", async () => {
    const before = await new MemoryChatStore().append(from("ana", "hi"));
    const after = await new MemoryChatStore().append(from("ana", "hi"));
    expect(after.message.seq).toBe(before.message.seq);
    expect(after.message.id).not.toBe(before.message.id);
    expect(after.epoch).not.toBe(before.epoch);
  });
});

describe("RedisChatStore", () => {
  it("continues seq and keeps history and epoch for a second client on the same Redis (another instance, or a restart)", async () => {
    const client = redis.client();
    const first = new RedisChatStore(client);
    const posted = await first.append(from("ana", "before the restart", "client-restart"));
    const second = new RedisChatStore(redis.client(client));
    const next = await second.append(from("ben", "after"));
    expect(next.message.seq).toBe(2);
    expect(next.epoch).toBe(posted.epoch);
    expect(next.message.id).not.toBe(posted.message.id);
    expect((await second.append(from("ana", "retry", "client-restart"))).created).toBe(false);
    expect((await second.list({ limit: 10 })).messages.map((m) => m.message)).toEqual(["before the restart", "after"]);
  });
});
