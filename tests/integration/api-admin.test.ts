import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";

import { POST } from "@/app/api/pusher/route";

import { ADMIN_TOKEN, errorOf, makeRequest, resetApp, restoreEnvironment } from "../support/app";
import { type Client, newClient, nextEvent, subscribed, useEmbeddedServer } from "../support/realtime";

const trigger = (json: unknown, token: string | null = ADMIN_TOKEN) =>
  POST(makeRequest("/api/pusher", { json, origin: null, headers: token ? { authorization: `Bearer ${token}` } : {} }), undefined);

describe("POST /api/pusher (admin)", () => {
  const realtime = useEmbeddedServer();
  let client: Client;

  beforeEach(() => {
    client = newClient(realtime.port);
  });
  afterEach(() => client.disconnect());

  it("answers 401 without a token or with a wrong one", async () => {
    const missing = await trigger({ channel: "admin-channel", event: "announcement", data: {} }, null);
    expect(missing.status).toBe(401);
    expect((await errorOf(missing)).code).toBe("admin_token_required");
    const wrong = await trigger({ channel: "admin-channel", event: "announcement", data: {} }, "x".repeat(24));
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).code).toBe("bad_admin_token");
  });

  it("refuses every token when ADMIN_API_TOKEN is unset in production", async () => {
    resetApp({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(32), PUSHER_APP_ID: "1", NEXT_PUBLIC_PUSHER_KEY: "k", PUSHER_SECRET: "production-secret" });
    expect((await trigger({ channel: "admin-channel", event: "a", data: {} }, "anything-at-all-long")).status).toBe(401);
  });

  it.each([
    ["notification-channel", "notification", { title: "Practice at 6" }],
    ["admin-channel", "announcement", { message: "Practice at 6" }],
    ["progress-channel", "progress-update", { athlete: "Ana", metric: "100 m", value: 12.4, unit: "s" }],
    ["class-u12-girls-channel", "class-update", { title: "Practice at 6" }],
    ["class-u12-girls-channel", "attendance", { present: 9, total: 12 }],
    ["private-user-user123", "notification", { title: "Practice at 6" }],
  ])("triggers %s %s with stamped data, and it arrives", async (channel, event, data) => {
    const personal = channel.startsWith("private-");
    if (!personal) await subscribed(client, channel);
    const arrival = personal ? null : nextEvent<Record<string, unknown>>(client, channel, event);
    const response = await trigger({ channel, event, data });
    expect(response.status).toBe(200);
    const { triggered } = (await response.json()) as { triggered: { channel: string; event: string; id: string; sentAt: string } };
    expect(triggered).toEqual({ channel, event, id: expect.any(String), sentAt: expect.any(String) });
    if (arrival) expect(await arrival).toMatchObject({ ...data, id: triggered.id, sentAt: triggered.sentAt });
  });

  it.each([
    ["admin-channel", "notification", { title: "x" }, "event"],
    ["progress-channel", "progress-update", { athlete: "Ana", metric: "100 m", value: "fast" }, "value"],
    ["class-u12-channel", "attendance", { present: 13, total: 12 }, ""],
    ["notification-channel", "notification", { title: "x", script: "<b>" }, ""],
    ["admin-channel", "announcement", { message: "" }, "message"],
  ])("checks %s %s data against its schema (422)", async (channel, event, data, path) => {
    const response = await trigger({ channel, event, data });
    expect(response.status).toBe(422);
    expect((await errorOf(response)).issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it.each([
    ["chat-channel", "announcement"],
    ["leaderboard-channel", "ranking-update"],
    ["presence-chat", "announcement"],
    ["private-anything", "announcement"],
    ["class--channel", "announcement"],
    ["admin-channel", "pusher:subscribe"],
    ["admin-channel", "pusher_internal:member_added"],
    ["admin-channel", "client-typing"],
    ["admin-channel", ""],
    ["admin-channel", "e".repeat(201)],
  ])("refuses channel %s with event %j (422)", async (channel, event) => {
    const response = await trigger({ channel, event, data: {} });
    expect(response.status).toBe(422);
  });

  it("refuses data over 10 KB with 413 before looking at its shape", async () => {
    const sized = (bytes: number) => ({ title: "t", body: "x".repeat(bytes - JSON.stringify({ title: "t", body: "" }).length) });
    const over = await trigger({ channel: "notification-channel", event: "notification", data: sized(10 * 1024 + 1) });
    expect(over.status).toBe(413);
    expect((await errorOf(over)).code).toBe("event_too_large");
    // At exactly 10 KB the size passes; the schema (body ≤ 500) is what refuses it.
    const atLimit = await trigger({ channel: "notification-channel", event: "notification", data: sized(10 * 1024) });
    expect(atLimit.status).toBe(422);
  });

  it("answers 503, not a crash, when the realtime server is unreachable", async () => {
    resetApp({ REALTIME_PORT: "1" });
    const response = await trigger({ channel: "admin-channel", event: "announcement", data: { message: "hello" } });
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBeTruthy();
  });
});

describe("admin API rate limit", () => {
  beforeEach(() => resetApp());
  afterAll(() => restoreEnvironment());

  it("answers 429 with Retry-After past 600 calls a minute per token", async () => {
    for (let i = 0; i < 600; i += 1) expect((await trigger({})).status).toBe(422);
    const limited = await trigger({});
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.headers.get("X-RateLimit-Limit")).toBe("600");
  });
});
