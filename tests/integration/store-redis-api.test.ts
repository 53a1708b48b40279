import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { GET as getAnnouncements, POST as postAnnouncement } from "@/app/api/announcements/route";
import { GET, POST } from "@/app/api/chat/route";
import type { ChatHistory, NewMessageEvent } from "@/lib/schemas";
import { findMentions } from "@/server/users/user-directory";

import { currentInstance, makeRequest, restartApp, signIn, startAnotherInstance, switchToInstance } from "../support/app";
import { useAppOnRedis } from "../support/redis-app";
import { type Client, newClient, subscribed, useEmbeddedServer } from "../support/realtime";

const post = (cookie: string, json: unknown) => POST(makeRequest("/api/chat", { json, cookie }), undefined);
const history = async (cookie: string, query = "?limit=100") =>
  (await (await GET(makeRequest(`/api/chat${query}`, { method: "GET", cookie }), undefined)).json()) as ChatHistory;
const posted = async (response: Response) => {
  expect(response.status).toBe(201);
  return ((await response.json()) as { message: NewMessageEvent }).message;
};

/** Collects every new-message event the client receives. */
function recordMessages(client: Client): NewMessageEvent[] {
  const seen: NewMessageEvent[] = [];
  client.channel("chat-channel").bind("new-message", (data: NewMessageEvent) => seen.push(data));
  return seen;
}

describe("the API with REDIS_URL set", () => {
  const realtime = useEmbeddedServer();
  const app = useAppOnRedis(() => ({ REALTIME_PORT: String(realtime.port) }));
  let client: Client;

  beforeEach(async () => {
    client = newClient(realtime.port);
    await subscribed(client, "chat-channel");
  });
  afterEach(() => client.disconnect());

  it("keeps chat in Redis under REDIS_PREFIX, with the epoch in responses, events and ids", async () => {
    const ana = await signIn("Ana");
    const seen = recordMessages(client);
    const message = await posted(await post(ana.cookie, { message: "Hello Redis", clientMessageId: "redis-0001" }));
    const page = await history(ana.cookie);
    expect(message).toMatchObject({ seq: 1, id: `m1-${page.epoch}`, epoch: page.epoch, message: "Hello Redis" });
    const { epoch: _, ...stored } = message;
    expect(page.messages).toEqual([stored]);
    await expect.poll(() => seen).toEqual([message]);

    const redis = app.inspect();
    expect(await redis.get(`${app.prefix}epoch`)).toBe(page.epoch);
    expect(await redis.get(`${app.prefix}chat:seq`)).toBe("1");
    expect(await redis.zcard(`${app.prefix}chat:history`)).toBe(1);
    expect(await redis.ttl(`${app.prefix}chat:client:${ana.user.id}:redis-0001`)).toBeGreaterThan(0);
  });

  it("lives through a restart: history, seq and epoch continue, ids never repeat, a retry stores and sends nothing twice", async () => {
    const ana = await signIn("Ana");
    const first = await posted(await post(ana.cookie, { message: "before", clientMessageId: "restart-01" }));
    const { epoch } = await history(ana.cookie);

    restartApp();
    const seen = recordMessages(client);
    const retried = await posted(await post(ana.cookie, { message: "before", clientMessageId: "restart-01" }));
    expect(retried).toEqual(first);
    const after = await posted(await post(ana.cookie, { message: "after" }));
    expect(after.seq).toBe(2);
    expect(after.epoch).toBe(epoch);
    expect(after.id).not.toBe(first.id);
    const page = await history(ana.cookie);
    expect(page.epoch).toBe(epoch);
    expect(page.messages.map((m) => m.message)).toEqual(["before", "after"]);
    // The retry's event went out before the restart: only "after" is heard now.
    await expect.poll(() => seen.map((m) => m.message)).toEqual(["after"]);
  });

  it("delivers after a restart the event a post could not send before it, once", async () => {
    const ana = await signIn("Ana");
    app.configure({ REALTIME_PORT: "1" }); // realtime unreachable
    restartApp();
    const down = await post(ana.cookie, { message: "owed", clientMessageId: "owed-0001" });
    expect(down.status).toBe(503);
    const [kept] = (await history(ana.cookie)).messages;

    app.configure();
    restartApp();
    const seen = recordMessages(client);
    const delivered = await posted(await post(ana.cookie, { message: "owed", clientMessageId: "owed-0001" }));
    expect(delivered).toMatchObject({ id: kept!.id, seq: 1 });
    await expect.poll(() => seen.map((m) => m.id)).toEqual([delivered.id]);
    // Delivered and recorded as such: another retry sends nothing.
    await posted(await post(ana.cookie, { message: "owed", clientMessageId: "owed-0001" }));
    await posted(await post(ana.cookie, { message: "next" }));
    await expect.poll(() => seen.map((m) => m.message)).toEqual(["owed", "next"]);
  });

  it("lets two instances share one chat, one user directory and one rate limit", async () => {
    const ana = await signIn("Ana");
    const a = startAnotherInstance();
    const b = currentInstance();

    // A message posted through A is read through B, and seqs interleave without repeats.
    switchToInstance(a);
    const one = await posted(await post(ana.cookie, { message: "via A" }));
    switchToInstance(b);
    const two = await posted(await post(ana.cookie, { message: "via B" }));
    expect([one.seq, two.seq]).toEqual([1, 2]);
    expect((await history(ana.cookie)).messages.map((m) => m.message)).toEqual(["via A", "via B"]);

    // Ana joined through A; B finds her for @mentions.
    expect(await findMentions("hi @ana")).toEqual(new Set([ana.user.id]));

    // 20 posts per 10 s is the user's budget across instances, not per instance.
    for (let i = 2; i < 20; i += 1) {
      switchToInstance(i % 2 === 0 ? a : b);
      expect((await post(ana.cookie, { message: `m${i}` })).status).toBe(201);
    }
    switchToInstance(a);
    const limited = await post(ana.cookie, { message: "one too many" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    switchToInstance(b);
    expect((await post(ana.cookie, { message: "still too many" })).status).toBe(429);
    switchToInstance(a);
  });

  it("writes every key under REDIS_PREFIX, so apps can share one Redis", async () => {
    const coach = await signIn("Coach Kim", "coach");
    await posted(await post(coach.cookie, { message: "@Coach Kim hello", clientMessageId: "prefix-0001" }));
    await postAnnouncement(makeRequest("/api/announcements", { json: { message: "Warm up" }, cookie: coach.cookie }), undefined);
    const keys = await app.inspect().keys("*");
    const mine = keys.filter((key) => key.startsWith(app.prefix)).map((key) => key.slice(app.prefix.length));
    expect(keys.filter((key) => !key.startsWith("api-"))).toEqual([]);
    expect(mine).toEqual(
      expect.arrayContaining([
        "epoch",
        "chat:seq",
        "chat:history",
        `chat:client:${coach.user.id}:prefix-0001`,
        "users:by-id",
        "users:names",
        "activity:channel:admin-channel",
        `rate:session:203.0.113.1`,
        `rate:chat:${coach.user.id}`,
      ]),
    );
  });

  it("keeps announcements across a restart", async () => {
    const coach = await signIn("Coach Kim", "coach");
    const sent = await postAnnouncement(makeRequest("/api/announcements", { json: { message: "Stretch first" }, cookie: coach.cookie }), undefined);
    expect(sent.status).toBe(201);
    restartApp();
    const response = await getAnnouncements(makeRequest("/api/announcements", { method: "GET", cookie: coach.cookie }), undefined);
    const { items } = (await response.json()) as { items: { data: { message: string; author: string } }[] };
    expect(items.map((item) => item.data)).toMatchObject([{ message: "Stretch first", author: "Coach Kim" }]);
  });
});
