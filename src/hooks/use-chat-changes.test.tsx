import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { MAX_CHANGES } from "@/lib/chat";
import type { ChatMessage, SessionUser } from "@/lib/schemas";

import { fakeChatServer } from "../../tests/support/fake-chat-server";
import { FakePusher } from "../../tests/support/fake-pusher";
import { READ_SEND_INTERVAL_MS } from "./chat-reads";
import { GAP_GRACE_MS, useChat } from "./use-chat";
import { signedInWrapper } from "../../tests/support/signed-in";

vi.mock("pusher-js", async () => ({ default: (await import("../../tests/support/fake-pusher")).FakePusher }));

const ana: SessionUser = { id: "ana", name: "Ana", role: "athlete" };
const cora: SessionUser = { id: "cora", name: "Cora", role: "coach" };

const pusher = () => FakePusher.instances.at(-1)!;
const chatChannel = () => pusher().channel("chat-channel")!;
const texts = (messages: { message: string }[]) => messages.map((m) => m.message);

let server: ReturnType<typeof fakeChatServer>;

/** Renders useChat for `user` and brings the link up: connected, then the chat channel subscribed. */
async function renderChat(user: SessionUser = ana) {
  const wrapper = signedInWrapper(user);
  const rendered = renderHook(() => useChat(), { wrapper });
  await act(() => vi.dynamicImportSettled());
  act(() => {
    pusher().move("connected");
    chatChannel().emit("pusher:subscription_succeeded");
  });
  await waitFor(() => expect(rendered.result.current.loading).toBe(false));
  return rendered;
}

/** The connection drops and comes back: pusher-js resubscribes and says so. */
function reconnect() {
  act(() => {
    pusher().move("connecting");
    pusher().move("connected");
    chatChannel().emit("pusher:subscription_succeeded");
  });
}

describe("useChat: edits, deletes, reactions, replies, pins and read receipts", () => {
  beforeEach(() => {
    FakePusher.instances = [];
    server = fakeChatServer(ana);
    vi.stubGlobal("fetch", server.fetch);
  });
  afterEach(async () => {
    vi.useRealTimers();
    cleanup();
    await new Promise((resolve) => setTimeout(resolve, 5));
    vi.unstubAllGlobals();
  });

  it("applies live message-updated events and ignores one older than what it holds", async () => {
    const first = await server.post("ben", "Tempo at 6");
    const { result } = await renderChat();
    const edited = await server.changed(server.store.edit({ id: first.id, userId: "ben", message: "Tempo at 7" }));
    const reacted = await server.changed(server.store.react({ id: first.id, userId: "cara", emoji: "🔥", on: true }));
    act(() => chatChannel().emit("message-updated", reacted));
    act(() => chatChannel().emit("message-updated", edited));
    expect(result.current.messages).toMatchObject([{ message: "Tempo at 7", rev: 3, reactions: [{ emoji: "🔥", count: 1 }] }]);
    const removed = await server.changed(server.store.remove({ id: first.id, userId: "ben", asCoach: false }));
    act(() => chatChannel().emit("message-updated", removed));
    expect(result.current.messages).toMatchObject([{ message: "", deleted: true, seq: 1 }]);
    expect(result.current.messages[0]).not.toHaveProperty("reactions");
  });

  it("catches up on edits, deletes and reactions it missed while offline, ending as the server is", async () => {
    const one = await server.post("ben", "one");
    const two = await server.post("cara", "two");
    const three = await server.post("ben", "three");
    const { result } = await renderChat();
    expect(texts(result.current.messages)).toEqual(["one", "two", "three"]);

    // Offline: none of these events reach the page.
    await server.store.edit({ id: one.id, userId: "ben", message: "one (edited)" });
    await server.store.remove({ id: two.id, userId: "cara", asCoach: false });
    await server.store.react({ id: three.id, userId: "dan", emoji: "💪", on: true });
    await server.store.setPin({ id: three.id, pinned: true, by: "Cora" });
    await server.post("dan", "four");
    const before = server.requests.length;
    reconnect();
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["one (edited)", "", "three", "four"]));
    const truth = await server.store.list({ limit: 50 });
    expect(result.current.messages.map(({ status: _status, ...message }) => message)).toEqual(truth.messages);
    expect(result.current.pins).toEqual(truth.pins);
    expect(server.requests.slice(before).map((r) => r.url)).toEqual(["/api/chat?after=3&limit=100&changesSince=3"]);

    // Caught up: the next live change in order fetches nothing.
    const next = await server.changed(server.store.react({ id: three.id, userId: "eve", emoji: "💪", on: true }));
    vi.useFakeTimers();
    act(() => chatChannel().emit("message-updated", next));
    await act(() => vi.advanceTimersByTimeAsync(GAP_GRACE_MS * 4));
    expect(server.requests).toHaveLength(before + 1);
    expect((result.current.messages[2] as ChatMessage).reactions).toEqual([{ emoji: "💪", count: 2, userIds: ["dan", "eve"] }]);
  });

  it("fetches the changes when a rev is skipped while connected", async () => {
    const one = await server.post("ben", "one");
    const two = await server.post("ben", "two");
    const { result } = await renderChat();
    await server.store.edit({ id: one.id, userId: "ben", message: "lost in transit" });
    const later = await server.changed(server.store.react({ id: two.id, userId: "dan", emoji: "👍", on: true }));
    const before = server.requests.length;
    vi.useFakeTimers();
    act(() => chatChannel().emit("message-updated", later));
    expect(texts(result.current.messages)).toEqual(["one", "two"]);
    await act(() => vi.advanceTimersByTimeAsync(GAP_GRACE_MS));
    expect(server.requests.slice(before).map((r) => r.url)).toEqual(["/api/chat?after=2&limit=100&changesSince=2"]);
    expect(texts(result.current.messages)).toEqual(["lost in transit", "two"]);
  });

  it("fetches a message whose event came partial (too large for one event) instead of showing the stub", async () => {
    const one = await server.post("ben", "one");
    const { result } = await renderChat();
    const big = await server.post("ben", "🏋".repeat(2000));
    const before = server.requests.length;
    act(() => chatChannel().emit("new-message", { id: big.id, seq: big.seq, rev: big.rev, userId: "ben", user: "BEN", message: "", timestamp: big.timestamp, epoch: big.epoch, partial: true }));
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["one", "🏋".repeat(2000)]));
    const edited = await server.changed(server.store.edit({ id: one.id, userId: "ben", message: "one, edited" }));
    act(() => chatChannel().emit("message-updated", { ...edited, message: "", partial: true }));
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["one, edited", "🏋".repeat(2000)]));
    expect(server.requests.slice(before).map((r) => r.url)).toEqual([
      "/api/chat?after=1&limit=100&changesSince=1",
      "/api/chat?after=2&limit=100&changesSince=2",
    ]);
  });

  it("reloads the latest page when too far behind for changes", async () => {
    const ids = [];
    for (let i = 0; i <= MAX_CHANGES; i += 1) ids.push((await server.post("ben", `m${i}`)).id);
    const { result } = await renderChat();
    for (const id of ids) await server.store.edit({ id, userId: "ben", message: "changed" });
    const before = server.requests.length;
    reconnect();
    await waitFor(() => expect(new Set(texts(result.current.messages))).toEqual(new Set(["changed"])));
    expect(server.requests.slice(before).map((r) => r.url)).toEqual([`/api/chat?after=${MAX_CHANGES + 1}&limit=100&changesSince=${MAX_CHANGES + 1}`, "/api/chat?limit=50"]);
  });

  it("edits, removes and reacts through the API and shows the answer at once; refusals throw with the server's words", async () => {
    const { result } = await renderChat();
    const mine = await act(() => result.current.send("Tempo at 6"));
    await act(() => result.current.edit(mine.id, "Tempo at 7"));
    expect(result.current.messages).toMatchObject([{ message: "Tempo at 7", editedAt: expect.any(String) }]);
    expect(result.current.canEdit(result.current.messages[0] as never)).toBe(true);
    await act(() => result.current.react(mine.id, "🔥", true));
    expect(result.current.reacted(result.current.messages[0] as never, "🔥")).toBe(true);
    expect(await result.current.loadReactors(mine.id, "🔥")).toEqual({ count: 1, names: ["ANA"] });
    await act(() => result.current.react(mine.id, "🔥", false));
    expect(result.current.messages[0]).not.toHaveProperty("reactions");
    const bens = await server.post("ben", "not yours");
    reconnect();
    await waitFor(() => expect(result.current.messages).toHaveLength(2));
    expect(result.current.canRemove(result.current.messages[1] as never)).toBe(false);
    await expect(result.current.edit(bens.id, "hacked")).rejects.toThrow("You can only edit your own messages.");
    await act(() => result.current.remove(mine.id));
    expect(result.current.messages[0]).toMatchObject({ deleted: true, message: "" });
    expect(result.current.canEdit(result.current.messages[0] as never)).toBe(false);
    await expect(result.current.edit(mine.id, "  ")).rejects.toThrow("Write a message first.");
  });

  it("sends a reply with the original quoted while sending and stored with it", async () => {
    const original = await server.post("ben", "Hills on Saturday?");
    const { result } = await renderChat();
    let sent: Promise<unknown>;
    act(() => {
      sent = result.current.send("Count me in", { replyTo: original.id });
    });
    expect(result.current.messages[1]).toMatchObject({ status: "sending", replyTo: { id: original.id, user: "BEN", excerpt: "Hills on Saturday?" } });
    await act(() => sent);
    expect(result.current.messages[1]).toMatchObject({ status: "sent", replyTo: { id: original.id, seq: 1, userId: "ben", user: "BEN", excerpt: "Hills on Saturday?" } });
    expect(server.requests.find((r) => r.method === "POST")?.body).toMatchObject({ message: "Count me in", replyTo: original.id });
  });

  it("jumps to a message: pages back when it is near, moves the window when far, false when gone", async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 400; i += 1) ids.push((await server.post("ben", `m${i}`)).id);
    const { result } = await renderChat();
    expect(result.current.messages[0]!.message).toBe("m351");
    expect(await act(() => result.current.jumpTo(ids[300]!))).toBe(true);
    expect(texts(result.current.messages)).toContain("m301");
    expect(result.current.messages[0]!.message).toBe("m301");
    expect(await act(() => result.current.jumpTo(ids[9]!))).toBe(true);
    expect(texts(result.current.messages)).toContain("m10");
    expect(result.current.hasNewer).toBe(true);
    expect(await act(() => result.current.jumpTo("m10-otherEpoch"))).toBe(false);
    expect(await act(() => result.current.jumpTo("m9999-e1"))).toBe(false);
    await act(() => result.current.follow(true));
    expect(result.current.messages.at(-1)!.message).toBe("m400");
  });

  it("shows pins from the history, live pins-updated, and pin/unpin for coaches", async () => {
    server = fakeChatServer(cora);
    vi.stubGlobal("fetch", server.fetch);
    const plan = await server.post("ben", "Plan for the week");
    await server.store.setPin({ id: plan.id, pinned: true, by: "Dan" });
    const { result } = await renderChat(cora);
    expect(result.current.pins).toMatchObject([{ id: plan.id, excerpt: "Plan for the week", pinnedBy: "Dan" }]);
    const { pins, rev, epoch } = await server.store.setPin({ id: plan.id, pinned: false, by: "Dan" });
    act(() => chatChannel().emit("pins-updated", { pins, rev, epoch }));
    expect(result.current.pins).toEqual([]);
    act(() => chatChannel().emit("pins-updated", { pins: [{ ...plan, excerpt: "old", pinnedBy: "x", pinnedAt: "t" }], rev: rev - 1, epoch }));
    expect(result.current.pins).toEqual([]);
    await act(() => result.current.pin(plan.id));
    expect(result.current.pins).toMatchObject([{ id: plan.id, pinnedBy: "Cora" }]);
    await act(() => result.current.unpin(plan.id));
    expect(result.current.pins).toEqual([]);
  });

  it("marks read forward only, one post a second, agrees with other tabs and counts unread from others", async () => {
    for (let i = 1; i <= 5; i += 1) await server.post(i === 3 ? "ana" : "ben", `m${i}`);
    const { result } = await renderChat();
    expect(result.current.lastReadSeq).toBe(0);
    expect(result.current.unread).toBe(4);
    vi.useFakeTimers();
    act(() => result.current.markRead(2));
    act(() => result.current.markRead(3));
    act(() => result.current.markRead(1));
    expect(result.current.lastReadSeq).toBe(3);
    expect(result.current.unread).toBe(2);
    await act(() => vi.advanceTimersByTimeAsync(0));
    act(() => result.current.markRead(4));
    await act(() => vi.advanceTimersByTimeAsync(READ_SEND_INTERVAL_MS));
    expect(server.requests.filter((r) => r.url === "/api/chat/read").map((r) => r.body)).toEqual([{ seq: 3 }, { seq: 4 }]);
    // Another tab read further: this one agrees at once.
    act(() => pusher().channel("private-user-ana")!.emit("read-updated", { lastReadSeq: 5, epoch: "e1" }));
    expect(result.current.lastReadSeq).toBe(5);
    expect(result.current.unread).toBe(0);
    act(() => pusher().channel("private-user-ana")!.emit("read-updated", { lastReadSeq: 2, epoch: "e1" }));
    act(() => pusher().channel("private-user-ana")!.emit("read-updated", { lastReadSeq: 9, epoch: "other" }));
    expect(result.current.lastReadSeq).toBe(5);
    expect(result.current.seenBy(result.current.messages[0] as never)).toBe(0);
    expect(server.requests.some((r) => r.url === "/api/chat/reads")).toBe(false);
    vi.useRealTimers();
    const reloaded = await renderChat();
    expect(reloaded.result.current.lastReadSeq).toBe(4);
  });

  it("starts pins and read positions again with the history when the server restarts without its state", async () => {
    const plan = await server.post("ben", "Plan");
    await server.store.setPin({ id: plan.id, pinned: true, by: "Cora" });
    await server.store.markRead({ userId: "ana", name: "Ana", seq: 1 });
    const { result } = await renderChat();
    expect(result.current.pins).toHaveLength(1);
    expect(result.current.lastReadSeq).toBe(1);
    server.restart();
    const fresh = await server.post("ben", "after the restart");
    act(() => chatChannel().emit("new-message", fresh));
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["after the restart"]));
    expect(result.current.pins).toEqual([]);
    expect(result.current.lastReadSeq).toBe(0);
    expect(result.current.unread).toBe(1);
    expect(result.current.notice).not.toBeNull();
  });

  it("gives coaches 'seen by' from everyone's positions, live, with names on demand", async () => {
    server = fakeChatServer(cora);
    vi.stubGlobal("fetch", server.fetch);
    for (let i = 1; i <= 3; i += 1) await server.post("ben", `m${i}`);
    await server.store.markRead({ userId: "ben", name: "Ben", seq: 3 });
    await server.store.markRead({ userId: "dan", name: "Dan", seq: 2 });
    const { result } = await renderChat(cora);
    act(() => pusher().channel("private-coaches")!.emit("pusher:subscription_succeeded"));
    await waitFor(() => expect(result.current.seenBy(result.current.messages[1] as never)).toBe(1));
    expect(result.current.seenBy(result.current.messages[0] as never)).toBe(1);
    act(() => pusher().channel("private-coaches")!.emit("reads-updated", { userId: "eve", name: "Eve", seq: 3, epoch: "e1" }));
    expect(result.current.seenBy(result.current.messages[2] as never)).toBe(1);
    expect(result.current.seenBy(result.current.messages[1] as never)).toBe(2);
    await server.store.markRead({ userId: "eve", name: "Eve", seq: 3 });
    expect(await result.current.loadSeenBy((result.current.messages[0] as ChatMessage).id)).toEqual(["Dan", "Eve"]);
  });
});
