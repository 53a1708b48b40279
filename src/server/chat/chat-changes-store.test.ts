import { describe, expect, it } from "vitest";

import { EDIT_WINDOW_MS, MAX_CHANGES, MAX_LISTED_REACTORS, MAX_PINS } from "@/lib/chat";

import { BACKENDS, startRedisForTests, type BackendKind } from "../store/test-backends";
import { MemoryChatStore, type ChatStore } from "./chat-store";
import { RedisChatStore } from "./redis-chat-store";

const from = (userId: string, message: string) => ({ userId, user: userId.toUpperCase(), message });
const at = new Date("2026-12-03T10:00:00.000Z");
const later = (ms: number) => new Date(at.getTime() + ms);

const redis = startRedisForTests();

/** Edits, deletes, reactions, pins, read positions and the rev that tracks them: one contract for both backends. */
describe.each(BACKENDS)("ChatStore changes contract (%s)", (kind: BackendKind) => {
  const make = (capacity?: number): ChatStore =>
    kind === "memory" ? new MemoryChatStore({ capacity }) : new RedisChatStore(redis.client(), { capacity });

  async function post(store: ChatStore, userId: string, text: string) {
    return (await store.append(from(userId, text), at)).message;
  }

  it("gives every post and every change the next rev, and the history the current one", async () => {
    const store = make();
    const one = await post(store, "ana", "one");
    const two = await post(store, "ben", "two");
    expect([one.rev, two.rev]).toEqual([1, 2]);
    const edited = await store.edit({ id: one.id, userId: "ana", message: "one!" }, later(1000));
    expect(edited).toMatchObject({ changed: true, message: { rev: 3, message: "one!", editedAt: later(1000).toISOString() } });
    const history = await store.list({ limit: 10 });
    expect(history.rev).toBe(3);
    expect(history.messages.map((m) => [m.seq, m.rev, m.message])).toEqual([
      [1, 3, "one!"],
      [2, 2, "two"],
    ]);
  });

  it("lets only the author edit, within the window, and not a deleted message; the same text again changes nothing", async () => {
    const store = make();
    const message = await post(store, "ana", "hello");
    await expect(store.edit({ id: message.id, userId: "ben", message: "hacked" }, at)).rejects.toMatchObject({ status: 403, code: "not_author" });
    const same = await store.edit({ id: message.id, userId: "ana", message: "hello" }, at);
    expect(same).toMatchObject({ changed: false, message: { rev: 1 } });
    expect((await store.edit({ id: message.id, userId: "ana", message: "edge" }, later(EDIT_WINDOW_MS))).changed).toBe(true);
    await expect(store.edit({ id: message.id, userId: "ana", message: "late" }, later(EDIT_WINDOW_MS + 1))).rejects.toMatchObject({ status: 409, code: "edit_window_closed" });
    await store.remove({ id: message.id, userId: "ana", asCoach: false });
    await expect(store.edit({ id: message.id, userId: "ana", message: "back" }, at)).rejects.toMatchObject({ status: 409, code: "message_deleted" });
  });

  it("answers 404 for an unknown id, one of another epoch, and one that fell off", async () => {
    const store = make(2);
    const first = await post(store, "ana", "first");
    const otherEpoch = first.id.replace(/-.*/, "-someOtherEpo");
    await expect(store.edit({ id: otherEpoch, userId: "ana", message: "x" }, at)).rejects.toMatchObject({ status: 404, code: "message_not_found" });
    await expect(store.react({ id: "m99-nothing", userId: "ana", emoji: "👍", on: true })).rejects.toMatchObject({ status: 404 });
    expect(await store.get(first.id)).toEqual(first);
    await post(store, "ana", "second");
    await post(store, "ana", "third");
    expect(await store.get(first.id)).toBeNull();
    await expect(store.remove({ id: first.id, userId: "ana", asCoach: true })).rejects.toMatchObject({ status: 404 });
  });

  it("deletes: text emptied, reactions, reply and pin dropped, seq and id kept; the author or a coach; idempotent", async () => {
    const store = make();
    const original = await post(store, "ben", "original");
    const reply = (await store.append({ ...from("ana", "a reply"), replyTo: { id: original.id, seq: 1, userId: "ben", user: "BEN", excerpt: "original" } }, at)).message;
    expect(reply.replyTo).toEqual({ id: original.id, seq: 1, userId: "ben", user: "BEN", excerpt: "original" });
    await store.react({ id: reply.id, userId: "ben", emoji: "🔥", on: true });
    await store.setPin({ id: reply.id, pinned: true, by: "Cora" }, at);
    await expect(store.remove({ id: reply.id, userId: "ben", asCoach: false })).rejects.toMatchObject({ status: 403, code: "not_author" });
    const removed = await store.remove({ id: reply.id, userId: "ana", asCoach: false });
    expect(removed.changed).toBe(true);
    expect(removed.pins).toEqual([]);
    expect(removed.message).toEqual({ id: reply.id, seq: 2, rev: 5, userId: "ana", user: "ANA", message: "", timestamp: at.toISOString(), deleted: true });
    const again = await store.remove({ id: reply.id, userId: "ana", asCoach: false });
    expect(again).toMatchObject({ changed: false, message: removed.message });
    const byCoach = await store.remove({ id: original.id, userId: "cora", asCoach: true });
    expect(byCoach.message).toMatchObject({ deleted: true, message: "", seq: 1 });
    expect((await store.list({ limit: 10 })).messages.map((m) => [m.seq, m.deleted])).toEqual([
      [1, true],
      [2, true],
    ]);
    await expect(store.react({ id: reply.id, userId: "ana", emoji: "👍", on: true })).rejects.toMatchObject({ status: 409, code: "message_deleted" });
    await expect(store.setPin({ id: reply.id, pinned: true, by: "Cora" }, at)).rejects.toMatchObject({ status: 409 });
  });

  it("empties the quotes of the replies to a deleted message, each with a rev of its own", async () => {
    const store = make();
    const original = await post(store, "ben", "secret plan");
    const quote = { id: original.id, seq: 1, userId: "ben", user: "BEN", excerpt: "secret plan" };
    const first = (await store.append({ ...from("ana", "r1"), replyTo: quote }, at)).message;
    await post(store, "cara", "unrelated");
    const second = (await store.append({ ...from("dan", "r2"), replyTo: quote }, at)).message;
    await store.remove({ id: second.id, userId: "dan", asCoach: false });
    const removed = await store.remove({ id: original.id, userId: "ben", asCoach: false });
    expect(removed.related).toEqual([{ ...first, rev: removed.message.rev + 1, replyTo: { ...quote, excerpt: "", deleted: true } }]);
    const { messages, rev } = await store.list({ limit: 10 });
    expect(rev).toBe(removed.message.rev + 1);
    expect(JSON.stringify(messages)).not.toContain("secret plan");
    expect(messages[1]).toEqual(removed.related![0]);
    expect((await store.remove({ id: original.id, userId: "ben", asCoach: false })).related).toBeUndefined();
  });

  it("sets reactions on and off idempotently, in the fixed emoji order, counting exactly and listing at most 20", async () => {
    const store = make();
    const message = await post(store, "ana", "PR today!");
    const on = await store.react({ id: message.id, userId: "ben", emoji: "🔥", on: true });
    expect(on).toMatchObject({ changed: true, message: { rev: 2, reactions: [{ emoji: "🔥", count: 1, userIds: ["ben"] }] } });
    expect((await store.react({ id: message.id, userId: "ben", emoji: "🔥", on: true })).changed).toBe(false);
    await store.react({ id: message.id, userId: "cara", emoji: "👍", on: true });
    const both = await store.react({ id: message.id, userId: "cara", emoji: "🔥", on: true });
    expect(both.message.reactions).toEqual([
      { emoji: "👍", count: 1, userIds: ["cara"] },
      { emoji: "🔥", count: 2, userIds: ["ben", "cara"] },
    ]);
    const off = await store.react({ id: message.id, userId: "ben", emoji: "🔥", on: false });
    expect(off.message.reactions).toEqual([
      { emoji: "👍", count: 1, userIds: ["cara"] },
      { emoji: "🔥", count: 1, userIds: ["cara"] },
    ]);
    expect((await store.react({ id: message.id, userId: "ben", emoji: "🔥", on: false })).changed).toBe(false);
    await store.react({ id: message.id, userId: "cara", emoji: "👍", on: false });
    const last = await store.react({ id: message.id, userId: "cara", emoji: "🔥", on: false });
    expect(last.message.reactions).toBeUndefined();
    expect((await store.list({ limit: 1 })).messages[0]).toEqual(last.message);

    for (let i = 0; i < MAX_LISTED_REACTORS + 5; i += 1) await store.react({ id: message.id, userId: `u${i}`, emoji: "💪", on: true });
    const many = (await store.list({ limit: 1 })).messages[0]!.reactions![0]!;
    expect(many.count).toBe(MAX_LISTED_REACTORS + 5);
    expect(many.userIds).toEqual(Array.from({ length: MAX_LISTED_REACTORS }, (_, i) => `u${i}`));
    expect(await store.reactors(message.id, "💪", 200)).toEqual({ count: 25, userIds: Array.from({ length: 25 }, (_, i) => `u${i}`) });
    expect(await store.reactors(message.id, "👍", 200)).toEqual({ count: 0, userIds: [] });
  });

  it("returns the messages changed since a rev (not mere posts), or reload when more than MAX_CHANGES did", async () => {
    const store = make();
    const a = await post(store, "ana", "a");
    const b = await post(store, "ana", "b");
    await post(store, "ana", "c");
    const { rev } = await store.list({ limit: 1 });
    await store.react({ id: b.id, userId: "ben", emoji: "👍", on: true });
    await store.edit({ id: a.id, userId: "ana", message: "a2" }, at);
    await post(store, "ana", "d");
    const since = await store.list({ limit: 10, after: 4, changesSince: rev });
    expect(since.messages).toEqual([]);
    expect(since.rev).toBe(rev + 3);
    expect(since.changes!.map((m) => [m.seq, m.message]).sort()).toEqual([
      [1, "a2"],
      [2, "b"],
    ]);
    expect((await store.list({ limit: 1, changesSince: since.rev })).changes).toEqual([]);
    expect((await store.list({ limit: 1 })).changes).toBeUndefined();

    for (let i = 0; i <= MAX_CHANGES; i += 1) await store.react({ id: (await post(store, "ana", `m${i}`)).id, userId: "ben", emoji: "🎉", on: true });
    const behind = await store.list({ limit: 1, changesSince: rev });
    expect(behind.reload).toBe(true);
    expect(behind.changes).toBeUndefined();
  });

  it("pins at most MAX_PINS, oldest first, with the current text; unpinning and pinning again are idempotent", async () => {
    const store = make();
    const messages = [];
    for (let i = 1; i <= MAX_PINS + 1; i += 1) messages.push(await post(store, "ana", `pin me ${i}`));
    for (let i = 0; i < MAX_PINS; i += 1) {
      const result = await store.setPin({ id: messages[i]!.id, pinned: true, by: "Cora" }, later(i));
      expect(result).toMatchObject({ changed: true, rev: MAX_PINS + 2 + i });
    }
    await expect(store.setPin({ id: messages[MAX_PINS]!.id, pinned: true, by: "Cora" }, at)).rejects.toMatchObject({ status: 409, code: "too_many_pins" });
    const again = await store.setPin({ id: messages[0]!.id, pinned: true, by: "Dan" }, later(99));
    expect(again.changed).toBe(false);
    expect(again.pins[0]).toEqual({ id: messages[0]!.id, seq: 1, userId: "ana", user: "ANA", excerpt: "pin me 1", pinnedBy: "Cora", pinnedAt: at.toISOString() });
    const edited = await store.edit({ id: messages[1]!.id, userId: "ana", message: "edited pin" }, at);
    expect(edited.pins?.[1]?.excerpt).toBe("edited pin");
    const off = await store.setPin({ id: messages[0]!.id, pinned: false, by: "Cora" }, at);
    expect(off.pins.map((pin) => pin.seq)).toEqual([2, 3, 4, 5]);
    expect((await store.setPin({ id: messages[0]!.id, pinned: false, by: "Cora" }, at)).changed).toBe(false);
    expect((await store.list({ limit: 1 })).pins!.map((pin) => pin.excerpt)).toEqual(["edited pin", "pin me 3", "pin me 4", "pin me 5"]);
  });

  it("forgets the pin, reactions and change of a message that falls off", async () => {
    const store = make(2);
    const first = await post(store, "ana", "first");
    await store.setPin({ id: first.id, pinned: true, by: "Cora" }, at);
    await store.react({ id: first.id, userId: "ben", emoji: "👍", on: true });
    const { rev } = await store.list({ limit: 1 });
    await post(store, "ana", "second");
    await post(store, "ana", "third");
    const history = await store.list({ limit: 10, changesSince: 0 });
    expect(history.pins).toEqual([]);
    expect(history.changes).toEqual([]);
    expect(history.rev).toBe(rev + 2);
  });

  it("keeps read positions monotonic, capped at the newest seq, per user", async () => {
    const store = make();
    for (let i = 0; i < 5; i += 1) await post(store, "ana", `m${i}`);
    expect(await store.markRead({ userId: "ben", name: "Ben", seq: 3 })).toMatchObject({ lastReadSeq: 3, changed: true });
    expect(await store.markRead({ userId: "ben", name: "Ben", seq: 2 })).toMatchObject({ lastReadSeq: 3, changed: false });
    expect(await store.markRead({ userId: "ben", name: "Ben", seq: 3 })).toMatchObject({ lastReadSeq: 3, changed: false });
    expect(await store.markRead({ userId: "ben", name: "Ben", seq: 99 })).toMatchObject({ lastReadSeq: 5, changed: true });
    expect(await store.markRead({ userId: "cara", name: "Cara", seq: 0 })).toMatchObject({ lastReadSeq: 0, changed: false });
    await store.markRead({ userId: "cara", name: "Cara", seq: 1 });
    const { reads, epoch } = await store.reads();
    expect(epoch).toBe((await store.list({ limit: 1 })).epoch);
    expect((await store.markRead({ userId: "cara", name: "Cara", seq: 1 })).epoch).toBe(epoch);
    expect(reads.sort((x, y) => x.userId.localeCompare(y.userId))).toEqual([
      { userId: "ben", name: "Ben", seq: 5 },
      { userId: "cara", name: "Cara", seq: 1 },
    ]);
    expect((await store.list({ limit: 1 }, "ben")).lastReadSeq).toBe(5);
    expect((await store.list({ limit: 1 }, "nobody")).lastReadSeq).toBe(0);
    expect((await store.list({ limit: 1 })).lastReadSeq).toBeUndefined();
  });

  it("keeps user text exactly through edits and reactions (quotes, backslashes, emoji, slashes)", async () => {
    const store = make();
    const message = await post(store, "ana", "first");
    const text = `"q" \\ a/b </script> 🏃‍♀️ é\n{"x":[1]}`;
    await store.edit({ id: message.id, userId: "ana", message: text }, at);
    const reacted = await store.react({ id: message.id, userId: "ben", emoji: "❤️", on: true });
    expect(reacted.message.message).toBe(text);
    expect((await store.list({ limit: 1 })).messages[0]).toEqual(reacted.message);
  });

  it("takes one rev per change under concurrency, none twice", async () => {
    const store = make();
    const message = await post(store, "ana", "popular");
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => store.react({ id: message.id, userId: `u${i}`, emoji: "👍", on: true })));
    expect(results.map((r) => r.message.rev).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
    expect((await store.list({ limit: 1 })).messages[0]!.reactions![0]!.count).toBe(30);
  });
});
