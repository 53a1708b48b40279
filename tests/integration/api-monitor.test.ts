import { createServer } from "node:net";

import Pusher from "pusher";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { POST as postChat } from "@/app/api/chat/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { GET } from "@/app/api/monitor/route";
import { monitorSnapshotSchema, type MonitorSnapshot } from "@/lib/monitor";
import type { RealtimeServer } from "@/realtime-server/server";
import { authorizeChannel } from "@/server/channel-auth";
import { instrumentPusher } from "@/server/monitor/app-metrics";
import { triggerEvent } from "@/server/realtime-gateway";

import { ADMIN_TOKEN, errorOf, makeRequest, type RequestOptions, resetApp, restoreEnvironment, signIn } from "../support/app";
import { APP, type Client, newClient, startEmbedded, subscribed } from "../support/realtime";

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const monitor = (options: RequestOptions = {}) => GET(makeRequest("/api/monitor", { method: "GET", ...options }), undefined);

async function snapshot(options: RequestOptions = { headers: admin }): Promise<MonitorSnapshot> {
  const response = await monitor(options);
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return monitorSnapshotSchema.parse(await response.json());
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 1;
}

describe("GET /api/monitor", () => {
  let server: RealtimeServer;
  let clients: Client[] = [];

  beforeAll(async () => {
    server = await startEmbedded();
  });
  afterAll(async () => {
    await server.close();
    restoreEnvironment();
  });
  beforeEach(() => resetApp({ REALTIME_PORT: String(server.port) }));
  afterEach(() => {
    for (const client of clients) client.disconnect();
    clients = [];
  });

  describe("access", () => {
    it("answers 401 without a session", async () => {
      const response = await monitor();
      expect(response.status).toBe(401);
      expect((await errorOf(response)).code).toBe("unauthorized");
    });

    it("answers 403 to an athlete", async () => {
      const { cookie } = await signIn("Ana", "athlete");
      const response = await monitor({ cookie });
      expect(response.status).toBe(403);
      expect((await errorOf(response)).code).toBe("coach_only");
    });

    it("answers 401 to a wrong admin token, even with a coach's cookie", async () => {
      const { cookie } = await signIn("Cora", "coach");
      const response = await monitor({ cookie, headers: { authorization: "Bearer not-the-admin-token" } });
      expect(response.status).toBe(401);
      expect((await errorOf(response)).code).toBe("bad_admin_token");
    });

    it("lets a coach in", async () => {
      const { cookie } = await signIn("Cora", "coach");
      expect((await snapshot({ cookie })).mode).toBe("embedded");
    });
  });

  it("reports the embedded server's connections, subscriptions and channel occupancy", async () => {
    const coach = await signIn("Cora", "coach");
    const athlete = await signIn("Ana", "athlete");
    const authorizer = (user: typeof coach.user) => async (socketId: string, channel: string) => authorizeChannel(user, socketId, channel);
    const first = newClient(server.port, authorizer(coach.user));
    const second = newClient(server.port, authorizer(athlete.user));
    clients.push(first, second);
    await Promise.all([
      subscribed(first, "chat-channel"),
      subscribed(second, "chat-channel"),
      subscribed(first, "presence-chat"),
      subscribed(second, "presence-chat"),
      subscribed(second, `private-user-${athlete.user.id}`),
    ]);

    const view = await snapshot({ cookie: coach.cookie });
    expect(view.realtimeError).toBeUndefined();
    expect(view.occupancyError).toBeUndefined();
    expect(view.realtime).toMatchObject({ connections: 2, channels: 3, subscriptions: 5 });
    expect(view.realtime!.peakConnections).toBeGreaterThanOrEqual(2);
    expect(view.realtime!.messagesIn).toBeGreaterThanOrEqual(5);
    expect(view.realtime!.messagesOut).toBeGreaterThanOrEqual(7);
    expect(Date.parse(view.takenAt)).not.toBeNaN();

    const row = (channel: string) => view.occupancy.find((r) => r.channel === channel);
    expect(row("chat-channel")).toEqual({ channel: "chat-channel", occupied: true, subscriptionCount: 2 });
    expect(row("presence-chat")).toEqual({ channel: "presence-chat", occupied: true, subscriptionCount: 2, userCount: 2 });
    expect(row("leaderboard-channel")).toEqual({ channel: "leaderboard-channel", occupied: false, subscriptionCount: 0 });
    // One summary row for everyone's private channel: no user ids in the table.
    expect(row("private-user-*")).toEqual({ channel: "private-user-*", occupied: true, subscriptionCount: 1, channelCount: 1 });
    expect(JSON.stringify(view.occupancy)).not.toContain(athlete.user.id);
    expect(view.app.channelAuths).toBeGreaterThanOrEqual(3);
  });

  it("says where data is kept and counts the chat messages of the last minute", async () => {
    const coach = await signIn("Cora", "coach");
    const empty = await snapshot({ cookie: coach.cookie });
    expect(empty.store).toEqual({ kind: "memory", up: true });
    expect(empty.chat).toEqual({ messagesLastMinute: 0, capped: false });
    for (const message of ["one", "two"]) {
      const response = await postChat(makeRequest("/api/chat", { json: { message }, cookie: coach.cookie }), undefined);
      expect(response.status).toBe(201);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the 1 s a snapshot is shared
    expect((await snapshot({ cookie: coach.cookie })).chat).toEqual({ messagesLastMinute: 2, capped: false });
  });

  it("counts the app's triggers and its REST calls", async () => {
    const before = (await snapshot()).app;
    resetApp({ REALTIME_PORT: String(server.port) });
    await triggerEvent("notification-channel", "announcement", { text: "hi" });
    const after = (await snapshot()).app;
    expect(after.triggers - before.triggers).toBe(1);
    expect(after.triggerFailures - before.triggerFailures).toBe(0);
    // The trigger and this snapshot's three reads (stats and two channel lists).
    expect(after.apiCalls - before.apiCalls).toBe(4);
  });

  it("still answers 200 when the realtime server is down, saying so, and counts the failed trigger", async () => {
    const before = (await snapshot()).app;
    resetApp({ REALTIME_PORT: String(await closedPort()) });
    await expect(triggerEvent("chat-channel", "new-message", {})).rejects.toMatchObject({ status: 503 });
    const view = await snapshot();
    expect(view.realtime).toBeNull();
    expect(view.realtimeError).toMatch(/Could not reach the realtime server/);
    expect(view.occupancyError).toMatch(/Could not reach the realtime server/);
    expect(view.occupancy).toEqual([]);
    expect(view.app.triggerFailures - before.triggerFailures).toBe(1);
    expect(view.app.apiFailures - before.apiFailures).toBe(4);
  });

  it("in hosted mode asks for no /stats and reads occupancy from the REST API", async () => {
    resetApp({
      NEXT_PUBLIC_PUSHER_CLUSTER: "eu",
      PUSHER_APP_ID: APP.appId,
      NEXT_PUBLIC_PUSHER_KEY: APP.key,
      PUSHER_SECRET: APP.secret,
      SESSION_SECRET: "s".repeat(32),
      ADMIN_API_TOKEN: ADMIN_TOKEN,
    });
    // Stand the embedded server in for pusher.com: the same REST API, no network.
    (globalThis as { __coachproPusher?: Pusher }).__coachproPusher = instrumentPusher(
      new Pusher({ ...APP, host: "127.0.0.1", port: String(server.port), useTLS: false }),
    );
    const client = newClient(server.port);
    clients.push(client);
    await subscribed(client, "leaderboard-channel");
    const statsCalls = server.stats().apiCalls;

    const view = await snapshot();
    expect(view.mode).toBe("hosted");
    expect(view.realtime).toBeNull();
    expect(view.realtimeError).toBeUndefined();
    expect(view.occupancy.find((r) => r.channel === "leaderboard-channel")).toMatchObject({ occupied: true, subscriptionCount: 1 });
    // Two channel lists, no /stats.
    expect(server.stats().apiCalls - statsCalls).toBe(2);
  });
});

describe("GET /api/metrics", () => {
  beforeEach(() => resetApp());
  afterAll(() => restoreEnvironment());
  const scrape = (options: RequestOptions = {}) => metricsRoute(makeRequest("/api/metrics", { method: "GET", ...options }), undefined);

  it("needs the admin token (401), a coach's session is not enough", async () => {
    expect((await scrape()).status).toBe(401);
    const { cookie } = await signIn("Cora", "coach");
    expect((await scrape({ cookie })).status).toBe(401);
  });

  it("answers the web process's metrics in Prometheus text", async () => {
    const response = await scrape({ headers: admin });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of ["coachpro_app_triggers_total", "coachpro_app_trigger_failures_total", "coachpro_app_pusher_api_calls_total", "coachpro_app_channel_auth_total"]) {
      expect(text).toContain(`# TYPE ${name} counter`);
    }
    expect(text).toContain("process_cpu_user_seconds_total");
  });
});
