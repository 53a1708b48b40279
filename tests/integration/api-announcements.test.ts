import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { GET as activity } from "@/app/api/activity/route";
import { GET, POST } from "@/app/api/announcements/route";
import { POST as chatPost } from "@/app/api/chat/route";
import { POST as trigger } from "@/app/api/pusher/route";
import type { NoticeAddedEvent } from "@/lib/notifications";
import { clearActivity } from "@/server/activity/activity-log";
import { authorizeChannel } from "@/server/channel-auth";

import { ADMIN_TOKEN, makeRequest, signIn } from "../support/app";
import { type Client, newClient, nextEvent, subscribed, useEmbeddedServer } from "../support/realtime";

describe("announcements, activity and mentions", () => {
  const realtime = useEmbeddedServer();
  let client: Client;

  beforeEach(() => {
    clearActivity();
    client = newClient(realtime.port);
  });
  afterEach(() => client.disconnect());

  it("lets a coach broadcast on admin-channel with their name, and keeps it for late joiners", async () => {
    const coach = await signIn("Cora", "coach");
    await subscribed(client, "admin-channel");
    const arrival = nextEvent<Record<string, unknown>>(client, "admin-channel", "announcement");
    const response = await POST(makeRequest("/api/announcements", { json: { message: "Bus leaves at 7" }, cookie: coach.cookie }), undefined);
    expect(response.status).toBe(201);
    expect(await arrival).toMatchObject({ message: "Bus leaves at 7", author: "Cora", id: expect.any(String), sentAt: expect.any(String) });

    const athlete = await signIn("Ana");
    const recent = await (await GET(makeRequest("/api/announcements", { method: "GET", cookie: athlete.cookie }), undefined)).json();
    expect(recent.items[0].data).toMatchObject({ message: "Bus leaves at 7", author: "Cora" });
  });

  it("refuses announcements from athletes (403) and strangers (401), and empty ones (422)", async () => {
    const athlete = await signIn("Ana");
    expect((await POST(makeRequest("/api/announcements", { json: { message: "hi" }, cookie: athlete.cookie }), undefined)).status).toBe(403);
    expect((await POST(makeRequest("/api/announcements", { json: { message: "hi" } }), undefined)).status).toBe(401);
    const coach = await signIn("Cora", "coach");
    expect((await POST(makeRequest("/api/announcements", { json: { message: "  " }, cookie: coach.cookie }), undefined)).status).toBe(422);
    const viaToken = await POST(
      makeRequest("/api/announcements", { json: { message: "From the office" }, origin: null, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
      undefined,
    );
    expect(viaToken.status).toBe(201);
    expect((await viaToken.json()).announcement.author).toBe("Admin");
  });

  it("keeps recent progress and class events for the activity feeds, newest first", async () => {
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    for (const value of [12.9, 12.4]) {
      const data = { athlete: "Ana", metric: "100 m", value, unit: "s" };
      expect((await trigger(makeRequest("/api/pusher", { json: { channel: "progress-channel", event: "progress-update", data }, origin: null, headers: admin }), undefined)).status).toBe(200);
    }
    const athlete = await signIn("Ana");
    const feed = await (await activity(makeRequest("/api/activity?channel=progress-channel", { method: "GET", cookie: athlete.cookie }), undefined)).json();
    expect(feed.items.map((item: { data: { value: number } }) => item.data.value)).toEqual([12.4, 12.9]);
    const empty = await (await activity(makeRequest("/api/activity?channel=class-u9-channel", { method: "GET", cookie: athlete.cookie }), undefined)).json();
    expect(empty.items).toEqual([]);
    expect((await activity(makeRequest("/api/activity?channel=chat-channel", { method: "GET", cookie: athlete.cookie }), undefined)).status).toBe(422);
    expect((await activity(makeRequest("/api/activity?channel=progress-channel", { method: "GET" }), undefined)).status).toBe(401);
  });

  it("notifies a user mentioned with @Name on their private channel, not the sender", async () => {
    const ana = await signIn("Ana Silva");
    const ben = await signIn("Ben");
    const anaClient = newClient(realtime.port, async (socketId, channel) => authorizeChannel(ana.user, socketId, channel));
    await subscribed(anaClient, `private-user-${ana.user.id}`);
    const arrival = nextEvent<NoticeAddedEvent>(anaClient, `private-user-${ana.user.id}`, "notification-added");
    const response = await chatPost(makeRequest("/api/chat", { json: { message: "Great run @ana silva!" }, cookie: ben.cookie }), undefined);
    expect(response.status).toBe(201);
    const { message } = await response.json();
    expect(await arrival).toMatchObject({
      notice: { kind: "mention", title: "Ben mentioned you", body: "Great run @ana silva!", href: `/?tab=chat&message=${message.id}`, read: false },
      unread: 1,
    });
    anaClient.disconnect();

    // Mentioning yourself sends nothing: a later mention of Ben by Ana is the first thing Ben hears.
    const benClient = newClient(realtime.port, async (socketId, channel) => authorizeChannel(ben.user, socketId, channel));
    await subscribed(benClient, `private-user-${ben.user.id}`);
    const heard: NoticeAddedEvent[] = [];
    benClient.channel(`private-user-${ben.user.id}`).bind("notification-added", (data: NoticeAddedEvent) => heard.push(data));
    expect((await chatPost(makeRequest("/api/chat", { json: { message: "I am @Ben" }, cookie: ben.cookie }), undefined)).status).toBe(201);
    expect((await chatPost(makeRequest("/api/chat", { json: { message: "thanks @Ben" }, cookie: ana.cookie }), undefined)).status).toBe(201);
    await expect.poll(() => heard.length).toBe(1);
    expect(heard[0]!.notice).toMatchObject({ title: "Ana Silva mentioned you", body: "thanks @Ben" });
    benClient.disconnect();
  });
});

describe("activity records", () => {
  it("keep the id and time the event was sent with, so live and fetched copies match", async () => {
    const { recordActivity } = await import("@/server/activity/activity-log");
    const item = await recordActivity("progress-channel", "progress-update", { athlete: "A", metric: "m", value: 1, id: "evt-1", sentAt: "2026-01-01T00:00:00.000Z" });
    expect(item).toMatchObject({ id: "evt-1", at: "2026-01-01T00:00:00.000Z" });
  });
});
