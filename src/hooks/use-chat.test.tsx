import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { API_TIMEOUT_MS } from "@/lib/api-client";
import type { ChatMessage, SessionUser } from "@/lib/schemas";

import { FakePusher } from "../../tests/support/fake-pusher";
import { CHAT_MAX_HELD } from "./chat-state";
import { GAP_GRACE_MS, RESTART_NOTICE } from "./use-chat";
import { FIRST_CONNECT_GRACE_MS } from "./use-channel-event";
import { ChatIdentityError, useChat } from "./use-pusher";
import { signedInWrapper } from "../../tests/support/signed-in";


vi.mock("pusher-js", async () => ({ default: (await import("../../tests/support/fake-pusher")).FakePusher }));

const ana: SessionUser = { id: "user123", name: "John Doe", role: "athlete" };

/** A tiny /api/chat over an array, recording every request. */
function fakeApi() {
  const stored: ChatMessage[] = [];
  // The store's epoch: `restart()` starts a new one with an empty history, as a restart without Redis does.
  let epoch = "e1";
  // The whole server is unreachable (every request fails), as while it restarts.
  let down = false;
  const requests: { method: string; url: string; body?: { message: string; clientMessageId: string } }[] = [];
  let failPosts = 0;
  let hangPosts = 0;
  let busyPosts = 0;
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? "GET";
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ method, url, body });
    if (down) throw new TypeError("Failed to fetch");
    if (method === "POST") {
      if (failPosts > 0) {
        failPosts -= 1;
        throw new TypeError("Failed to fetch");
      }
      if (hangPosts > 0) {
        // Accepted, never answered: only the caller's deadline ends it.
        hangPosts -= 1;
        return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
      }
      if (busyPosts > 0) {
        busyPosts -= 1;
        return Response.json(
          { error: { code: "unavailable", message: "Chat is unavailable for a moment." } },
          { status: 503, headers: { "retry-after": "2" } },
        );
      }
      const existing = stored.find((m) => m.clientMessageId === body.clientMessageId);
      const message = existing ?? {
        epoch,
        id: `m${stored.length + 1}`,
        seq: stored.length + 1,
        rev: stored.length + 1,
        userId: ana.id,
        user: ana.name,
        message: body.message,
        timestamp: new Date().toISOString(),
        clientMessageId: body.clientMessageId,
      };
      if (!existing) stored.push(message);
      return Response.json({ message }, { status: 201 });
    }
    const params = new URL(url, "http://x").searchParams;
    const after = Number(params.get("after") ?? "-1");
    const limit = Number(params.get("limit"));
    const rev = stored.reduce((most, m) => Math.max(most, m.rev), 0);
    if (after >= 0) return Response.json({ messages: stored.filter((m) => m.seq > after), hasMore: false, epoch, rev, ...(params.has("changesSince") ? { changes: [] } : {}) });
    const before = params.has("before") ? stored.filter((m) => m.seq < Number(params.get("before"))) : stored;
    return Response.json({ messages: before.slice(-limit), hasMore: before.length > limit, epoch, rev });
  });
  return {
    fetch,
    stored,
    requests,
    failNextPosts: (count: number) => (failPosts = count),
    hangNextPosts: (count: number) => (hangPosts = count),
    refuseNextPostsWith503: (count: number) => (busyPosts = count),
    setDown: (value: boolean) => (down = value),
    restart: () => {
      stored.length = 0;
      epoch = `e${Number(epoch.slice(1)) + 1}`;
    },
    add: (seq: number, text: string, userId = "ben"): ChatMessage => {
      const message = { id: `m${seq}-${epoch}`, seq, rev: seq, userId, user: "Ben", message: text, timestamp: new Date().toISOString(), epoch };
      stored.push(message);
      return message;
    },
  };
}

const wrapper = signedInWrapper(ana);

const texts = (messages: { message: string }[]) => messages.map((m) => m.message);
const chatChannel = () => FakePusher.instances.at(-1)!.channel("chat-channel")!;

/** Renders useChat and brings the link up as pusher-js would: connected, then the chat channel subscribed. */
async function renderChat(options?: Parameters<typeof useChat>[0]) {
  const rendered = renderHook(() => useChat(options), { wrapper });
  await act(() => vi.dynamicImportSettled());
  act(() => {
    FakePusher.instances.at(-1)!.move("connected");
    chatChannel().emit("pusher:subscription_succeeded");
  });
  return rendered;
}

describe("useChat", () => {
  let api: ReturnType<typeof fakeApi>;

  beforeEach(() => {
    FakePusher.instances = [];
    api = fakeApi();
    vi.stubGlobal("fetch", api.fetch);
  });
  afterEach(async () => {
    vi.useRealTimers();
    cleanup();
    await new Promise((resolve) => setTimeout(resolve, 5));
    vi.unstubAllGlobals();
  });

  it("loads history, then adds live messages once each, even under StrictMode", async () => {
    api.add(1, "earlier");
    const { result } = await renderChat();
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["earlier"]));
    expect(chatChannel().listenerCount("new-message")).toBe(1);

    const live = api.add(2, "live");
    act(() => chatChannel().emit("new-message", live));
    act(() => chatChannel().emit("new-message", live));
    expect(texts(result.current.messages)).toEqual(["earlier", "live"]);
  });

  it("fetches the history once per page load: when the chat channel is subscribed, not before", async () => {
    api.add(1, "earlier");
    const { result } = renderHook(() => useChat(), { wrapper });
    await act(() => vi.dynamicImportSettled());
    expect(api.requests).toEqual([]);
    act(() => FakePusher.instances.at(-1)!.move("connected"));
    act(() => chatChannel().emit("pusher:subscription_succeeded"));
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["earlier"]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.requests.map((r) => r.url)).toEqual(["/api/chat?limit=50"]);
  });

  it("polls when the first connection does not come up within the grace period", async () => {
    api.add(1, "earlier");
    vi.useFakeTimers();
    const { result } = renderHook(() => useChat(), { wrapper });
    await act(() => vi.dynamicImportSettled());
    await act(() => vi.advanceTimersByTimeAsync(FIRST_CONNECT_GRACE_MS - 1));
    expect(api.requests).toEqual([]);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(texts(result.current.messages)).toEqual(["earlier"]);
    expect(api.requests).toHaveLength(1);
  });

  it("ignores events that do not match the message schema", async () => {
    const { result } = await renderChat();
    await waitFor(() => expect(result.current.loading).toBe(false));
    act(() => chatChannel().emit("new-message", { id: 5, text: "<script>" }));
    expect(result.current.messages).toEqual([]);
  });

  it("shows a send at once as pending, then confirmed, never twice", async () => {
    const { result } = await renderChat();
    await waitFor(() => expect(result.current.loading).toBe(false));
    let sent: Promise<ChatMessage>;
    act(() => {
      sent = result.current.sendMessage("Hello!");
    });
    expect(result.current.messages).toMatchObject([{ message: "Hello!", status: "sending" }]);
    const confirmed = await act(() => sent);
    expect(result.current.messages).toMatchObject([{ message: "Hello!", status: "sent", seq: 1 }]);
    act(() => chatChannel().emit("new-message", confirmed));
    expect(result.current.messages).toHaveLength(1);
  });

  it("keeps the seed's sendMessage(text, userId, name) for yourself and refuses anyone else", async () => {
    const { result } = await renderChat();
    await waitFor(() => expect(result.current.loading).toBe(false));
    await expect(result.current.sendMessage("Hello!", "someone-else", "Mallory")).rejects.toBeInstanceOf(ChatIdentityError);
    await expect(result.current.sendMessage("Hello!", "someone-else", "Mallory")).rejects.toThrow(/only send messages as yourself/);
    await act(() => result.current.sendMessage("Hello!", "user123", "John Doe"));
    expect(api.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(api.requests.find((r) => r.method === "POST")!.body).not.toHaveProperty("userId");
  });

  it("sends files under the draft's clientMessageId (text optional), shows them while sending, and a retry posts the same file ids", async () => {
    const { result } = await renderChat();
    await waitFor(() => expect(result.current.loading).toBe(false));
    const photo = { id: "AAAAAAAAAAAAAAAAAAAAAA", name: "bar.jpg", type: "image/jpeg", size: 8, url: "/api/files/AAAAAAAAAAAAAAAAAAAAAA", thumbUrl: "/api/files/AAAAAAAAAAAAAAAAAAAAAA/thumb" };
    api.failNextPosts(1);
    await act(() => result.current.send("", { clientMessageId: "draft-0001", attachments: [photo] }).catch(() => undefined));
    expect(result.current.messages).toMatchObject([{ message: "", status: "failed", attachments: [photo] }]);
    await act(() => result.current.retry("draft-0001"));
    const posts = api.requests.filter((r) => r.method === "POST").map((r) => r.body);
    expect(posts).toEqual([
      { message: "", clientMessageId: "draft-0001", attachments: [photo.id] },
      { message: "", clientMessageId: "draft-0001", attachments: [photo.id] },
    ]);
    await expect(result.current.send("  ")).rejects.toThrow("Write a message first.");
  });

  it("marks a failed send, and Retry resends the same clientMessageId", async () => {
    const { result } = await renderChat();
    await waitFor(() => expect(result.current.loading).toBe(false));
    api.failNextPosts(1);
    await act(() => result.current.sendMessage("flaky").catch(() => undefined));
    const failed = result.current.messages[0]!;
    expect(failed).toMatchObject({ status: "failed", error: expect.stringMatching(/Could not reach CoachPro/) });
    await act(() => result.current.retry((failed as { clientMessageId: string }).clientMessageId));
    const posts = api.requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(2);
    expect(posts[1]!.body!.clientMessageId).toBe(posts[0]!.body!.clientMessageId);
    expect(result.current.messages).toMatchObject([{ message: "flaky", status: "sent" }]);
  });

  it("shows a send that gets no answer as failed at the deadline, and Retry resends the same clientMessageId", async () => {
    const { result } = await renderChat();
    await waitFor(() => expect(result.current.loading).toBe(false));
    vi.useFakeTimers();
    api.hangNextPosts(1);
    act(() => void result.current.sendMessage("into the void").catch(() => undefined));
    expect(result.current.messages).toMatchObject([{ message: "into the void", status: "sending" }]);
    await act(() => vi.advanceTimersByTimeAsync(API_TIMEOUT_MS));
    const failed = result.current.messages[0]!;
    expect(failed).toMatchObject({ status: "failed", error: expect.stringMatching(/did not answer in time/) });
    vi.useRealTimers();

    await act(() => result.current.retry((failed as { clientMessageId: string }).clientMessageId));
    const posts = api.requests.filter((r) => r.method === "POST");
    expect(posts.map((p) => p.body!.clientMessageId)).toEqual([posts[0]!.body!.clientMessageId, posts[0]!.body!.clientMessageId]);
    expect(result.current.messages).toMatchObject([{ message: "into the void", status: "sent" }]);
    expect(api.stored).toHaveLength(1);
  });

  it("shows a 503 with Retry-After as failed with the server's reason, and Retry sends it once", async () => {
    const { result } = await renderChat();
    await waitFor(() => expect(result.current.loading).toBe(false));
    api.refuseNextPostsWith503(1);
    await act(() => result.current.sendMessage("busy").catch(() => undefined));
    const failed = result.current.messages[0]!;
    expect(failed).toMatchObject({ status: "failed", error: expect.stringMatching(/unavailable for a moment/) });
    await act(() => result.current.retry((failed as { clientMessageId: string }).clientMessageId));
    expect(result.current.messages).toMatchObject([{ message: "busy", status: "sent" }]);
    expect(api.stored).toHaveLength(1);
  });

  it("fetches what it missed after every resubscription", async () => {
    api.add(1, "one");
    const { result } = await renderChat();
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["one"]));
    api.add(2, "two");
    api.add(3, "three");
    act(() => chatChannel().emit("pusher:subscription_succeeded"));
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["one", "two", "three"]));
    expect(api.requests.at(-1)!.url).toContain("after=1");
  });

  it("still fetches a message that fell between the last fetch and a newer live one", async () => {
    api.add(1, "one");
    const { result } = await renderChat();
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["one"]));
    api.add(2, "posted while resubscribing"); // never arrives live
    act(() => chatChannel().emit("new-message", api.add(3, "three")));
    act(() => chatChannel().emit("pusher:subscription_succeeded"));
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["one", "posted while resubscribing", "three"]));
    expect(api.requests.at(-1)!.url).toContain("after=1");
  });

  it("fetches a skipped seq at once while connected, in one request for the whole gap", async () => {
    api.add(1, "one");
    const { result } = await renderChat();
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["one"]));
    const before = api.requests.length;
    vi.useFakeTimers();

    api.add(2, "lost in transit");
    act(() => chatChannel().emit("new-message", api.add(3, "three")));
    act(() => chatChannel().emit("new-message", api.add(4, "four")));
    expect(texts(result.current.messages)).toEqual(["one", "three", "four"]);
    await act(() => vi.advanceTimersByTimeAsync(GAP_GRACE_MS));
    expect(texts(result.current.messages)).toEqual(["one", "lost in transit", "three", "four"]);
    expect(api.requests.slice(before).map((r) => r.url)).toEqual(["/api/chat?after=1&limit=100&changesSince=1"]);

    // Closed: the next message in order fetches nothing.
    act(() => chatChannel().emit("new-message", api.add(5, "five")));
    await act(() => vi.advanceTimersByTimeAsync(GAP_GRACE_MS * 4));
    expect(api.requests).toHaveLength(before + 1);
  });

  it("gives a late out-of-order message its grace instead of fetching", async () => {
    api.add(1, "one");
    const { result } = await renderChat();
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["one"]));
    const before = api.requests.length;
    vi.useFakeTimers();

    const two = api.add(2, "two");
    act(() => chatChannel().emit("new-message", api.add(3, "three")));
    await act(() => vi.advanceTimersByTimeAsync(GAP_GRACE_MS / 2));
    act(() => chatChannel().emit("new-message", two));
    await act(() => vi.advanceTimersByTimeAsync(GAP_GRACE_MS * 4));
    expect(texts(result.current.messages)).toEqual(["one", "two", "three"]);
    expect(api.requests).toHaveLength(before);
  });

  it("reading far back drops the newest; following again reloads the latest page", async () => {
    for (let seq = 1; seq <= 2000; seq += 1) api.add(seq, `m ${seq}`);
    const { result } = await renderChat();
    await waitFor(() => expect(result.current.messages).toHaveLength(50));
    act(() => void result.current.follow(false));
    while (result.current.hasOlder && !result.current.hasNewer) {
      const oldest = result.current.messages[0]!;
      await act(() => result.current.loadOlder());
      await waitFor(() => expect(result.current.messages[0]).not.toBe(oldest));
    }
    expect(result.current.messages).toHaveLength(CHAT_MAX_HELD);
    expect(result.current.messages.at(-1)!.message).not.toBe("m 2000");

    await act(() => result.current.follow(true));
    expect(api.requests.at(-1)!.url).toBe("/api/chat?limit=50");
    expect(result.current.messages.map((m) => m.message)).toEqual(Array.from({ length: 50 }, (_, i) => `m ${1951 + i}`));
    expect(result.current).toMatchObject({ hasNewer: false, hasOlder: true });
  });

  it("tells onIncoming about new messages from others, not history or your own", async () => {
    api.add(1, "history");
    const onIncoming = vi.fn();
    const { result } = await renderChat({ onIncoming });
    await waitFor(() => expect(result.current.loading).toBe(false));
    act(() => chatChannel().emit("new-message", api.add(2, "fresh")));
    await act(() => result.current.sendMessage("mine"));
    expect(onIncoming.mock.calls.map(([m]) => m.message)).toEqual(["fresh"]);
  });

  it("polls while the realtime link is down", async () => {
    const { result } = await renderChat();
    await waitFor(() => expect(result.current.loading).toBe(false));
    act(() => FakePusher.instances.at(-1)!.move("unavailable"));
    api.add(1, "via polling");
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["via polling"]));
    // And keeps polling on an interval until the link returns.
    api.add(2, "next poll");
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["via polling", "next poll"]), { timeout: 5000 });
  });
});

describe("useChat across a restart of the server", () => {
  let api: ReturnType<typeof fakeApi>;

  beforeEach(() => {
    FakePusher.instances = [];
    api = fakeApi();
    vi.stubGlobal("fetch", api.fetch);
  });
  afterEach(async () => {
    vi.useRealTimers();
    cleanup();
    // Lets the provider's unmount finish before the next test's provider starts.
    await new Promise((resolve) => setTimeout(resolve, 5));
    vi.unstubAllGlobals();
  });

  /** The link drops and comes back, as pusher-js reports a reconnect to a restarted server. */
  const reconnect = () =>
    act(() => {
      FakePusher.instances.at(-1)!.move("connecting");
      FakePusher.instances.at(-1)!.move("connected");
      chatChannel().emit("pusher:subscription_succeeded");
    });

  it("takes a restarted server's history as the new truth on reconnect, says so once, and goes on live", async () => {
    api.add(1, "before one");
    api.add(2, "before two");
    const { result } = await renderChat();
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["before one", "before two"]));
    expect(result.current.notice).toBeNull();

    api.restart();
    api.add(1, "after the restart");
    reconnect();
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["after the restart"]));
    expect(result.current.notice).toBe(RESTART_NOTICE);

    // seq 2 again, in the new epoch: shown, not taken for the old seq 2.
    act(() => chatChannel().emit("new-message", api.add(2, "live after")));
    expect(texts(result.current.messages)).toEqual(["after the restart", "live after"]);
  });

  it("reloads when a live message of another epoch arrives, even without a reconnect", async () => {
    api.add(1, "before");
    api.add(2, "before two");
    const { result } = await renderChat();
    await waitFor(() => expect(texts(result.current.messages)).toHaveLength(2));
    api.restart();
    act(() => chatChannel().emit("new-message", api.add(1, "first of the new epoch")));
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["first of the new epoch"]));
    expect(result.current.notice).toBe(RESTART_NOTICE);
  });

  it("sends a message that failed while the server was down once the link is back, and shows it once", async () => {
    api.add(1, "before");
    const { result } = await renderChat();
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["before"]));
    api.setDown(true);
    act(() => FakePusher.instances.at(-1)!.move("unavailable"));
    await act(() => result.current.sendMessage("sent during the restart").catch(() => undefined));
    expect(result.current.messages.at(-1)).toMatchObject({ message: "sent during the restart", status: "failed" });

    api.restart();
    api.setDown(false);
    reconnect();
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["sent during the restart"]));
    expect(result.current.messages[0]).toMatchObject({ status: "sent", seq: 1 });
    const posts = api.requests.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(2);
    expect(posts[1]!.body!.clientMessageId).toBe(posts[0]!.body!.clientMessageId);
    expect(api.stored.filter((m) => m.message === "sent during the restart")).toHaveLength(1);
  });

  it("keeps the history when the server kept its state (same epoch): a restart is only a catch-up", async () => {
    api.add(1, "kept");
    const { result } = await renderChat();
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["kept"]));
    api.add(2, "posted while down");
    reconnect();
    await waitFor(() => expect(texts(result.current.messages)).toEqual(["kept", "posted while down"]));
    expect(result.current.notice).toBeNull();
  });
});

describe("useChat outside a session", () => {
  it("refuses to send when nobody is signed in", async () => {
    const { result } = renderHook(() => useChat(), {
      wrapper: signedInWrapper(null, { strict: false }),
    });
    await expect(result.current.sendMessage("hi")).rejects.toThrow("Sign in to send messages.");
  });
});
