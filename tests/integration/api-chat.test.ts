import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { GET, POST } from "@/app/api/chat/route";
import type { ChatHistory, ChatMessage, NewMessageEvent } from "@/lib/schemas";
import { setChatStore } from "@/server/chat/chat-service";
import { MemoryChatStore } from "@/server/chat/chat-store";

import { errorOf, makeRequest, resetApp, signIn } from "../support/app";
import { type Client, newClient, nextEvent, subscribed, useEmbeddedServer } from "../support/realtime";

const post = (cookie: string | undefined, json: unknown) => POST(makeRequest("/api/chat", { json, cookie }), undefined);
const history = (cookie: string | undefined, query = "") => GET(makeRequest(`/api/chat${query}`, { method: "GET", cookie }), undefined);

/** Collects every new-message event the client receives. */
function recordMessages(client: Client): ChatMessage[] {
  const seen: ChatMessage[] = [];
  client.channel("chat-channel").bind("new-message", (data: ChatMessage) => seen.push(data));
  return seen;
}

describe("/api/chat", () => {
  const realtime = useEmbeddedServer();
  let client: Client;

  beforeEach(async () => {
    setChatStore(new MemoryChatStore());
    client = newClient(realtime.port);
    await subscribed(client, "chat-channel");
  });
  afterEach(() => client.disconnect());

  it("stores a message from the session's user and triggers new-message once", async () => {
    const ana = await signIn("Ana");
    const arrival = nextEvent<ChatMessage>(client, "chat-channel", "new-message");
    const response = await post(ana.cookie, { message: "  Hello!  ", clientMessageId: "c-00000001" });
    expect(response.status).toBe(201);
    const { message } = (await response.json()) as { message: NewMessageEvent };
    const { epoch } = (await (await history(ana.cookie)).json()) as ChatHistory;
    expect(epoch).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(message).toEqual({
      id: `m1-${epoch}`,
      epoch,
      seq: 1,
      rev: 1,
      userId: ana.user.id,
      user: "Ana",
      role: "athlete",
      message: "Hello!",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      clientMessageId: "c-00000001",
    });
    expect(await arrival).toEqual(message);
  });

  it("answers a repeated clientMessageId with the same message and no second event", async () => {
    const ana = await signIn("Ana");
    const seen = recordMessages(client);
    const first = await (await post(ana.cookie, { message: "Once", clientMessageId: "c-00000002" })).json();
    const again = await post(ana.cookie, { message: "Once", clientMessageId: "c-00000002" });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(first);
    // Another message afterwards proves the channel is live; the duplicate must not appear before it.
    await post(ana.cookie, { message: "Twice" });
    await expect.poll(() => seen.length).toBe(2);
    expect(seen.map((m) => m.message)).toEqual(["Once", "Twice"]);
  });

  it("takes identity from the session, never from the body", async () => {
    const ana = await signIn("Ana");
    const forged = await post(ana.cookie, { message: "hi", userId: "user123", user: "John Doe" });
    expect(forged.status).toBe(422);
    expect((await post(undefined, { message: "hi" })).status).toBe(401);
    expect((await history(undefined)).status).toBe(401);
  });

  it("accepts 2000 characters and refuses 2001, empty and control characters", async () => {
    const ana = await signIn("Ana");
    expect((await post(ana.cookie, { message: "é".repeat(2000) })).status).toBe(201);
    expect((await post(ana.cookie, { message: "é".repeat(2001) })).status).toBe(422);
    expect((await post(ana.cookie, { message: "   " })).status).toBe(422);
    expect((await post(ana.cookie, { message: "a\u0007b" })).status).toBe(422);
    expect((await post(ana.cookie, { message: "line one\nline two" })).status).toBe(201);
  });

  it("pages history with before and catches up with after", async () => {
    const ana = await signIn("Ana");
    for (let i = 1; i <= 5; i += 1) await post(ana.cookie, { message: `m${i}` });
    const latest = (await (await history(ana.cookie, "?limit=2")).json()) as { messages: ChatMessage[]; hasMore: boolean };
    expect(latest.messages.map((m) => m.seq)).toEqual([4, 5]);
    expect(latest.hasMore).toBe(true);
    const older = await (await history(ana.cookie, "?limit=10&before=4")).json();
    expect(older.messages.map((m: ChatMessage) => m.seq)).toEqual([1, 2, 3]);
    expect(older.hasMore).toBe(false);
    const missed = await (await history(ana.cookie, "?after=3")).json();
    expect(missed.messages.map((m: ChatMessage) => m.seq)).toEqual([4, 5]);
    expect((await history(ana.cookie, "?limit=101")).status).toBe(422);
    expect((await history(ana.cookie, "?after=-1")).status).toBe(422);
    expect((await history(ana.cookie, "?before=abc")).status).toBe(422);
  });

  it("limits each user to 20 posts per 10 s without affecting others", async () => {
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    for (let i = 0; i < 20; i += 1) expect((await post(ana.cookie, { message: `m${i}` })).status).toBe(201);
    const limited = await post(ana.cookie, { message: "one too many" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await errorOf(limited)).code).toBe("rate_limited");
    expect((await post(ben.cookie, { message: "still fine" })).status).toBe(201);
  });

  it("keeps a message when the realtime server is down, answers 503, and delivers it on retry", async () => {
    const ana = await signIn("Ana");
    resetApp({ REALTIME_PORT: "1" });
    const down = await post(ana.cookie, { message: "while down", clientMessageId: "c-00000003" });
    expect(down.status).toBe(503);
    expect(down.headers.get("Retry-After")).toBeTruthy();

    resetApp({ REALTIME_PORT: String(realtime.port) });
    const stored = (await (await history(ana.cookie, "?limit=1")).json()) as ChatHistory;
    expect(stored.messages.map((m) => m.message)).toEqual(["while down"]);
    const arrival = nextEvent<ChatMessage>(client, "chat-channel", "new-message");
    const retried = await post(ana.cookie, { message: "while down", clientMessageId: "c-00000003" });
    expect(retried.status).toBe(201);
    const { message } = (await retried.json()) as { message: NewMessageEvent };
    expect(message).toEqual({ ...stored.messages[0], epoch: stored.epoch });
    expect(await arrival).toEqual(message);
  });

  it("refuses lone surrogates, which are not text and would burst the 10 KB event limit", async () => {
    const ana = await signIn("Ana");
    expect((await post(ana.cookie, { message: "\ud800".repeat(2000) })).status).toBe(422);
    expect((await post(ana.cookie, { message: "🏃".repeat(1000) })).status).toBe(201);
  });

});
