/**
 * The embedded server's monitoring surface: open `GET /metrics` in
 * Prometheus text, and the signed `GET /apps/{appId}/stats` the app reads
 * through the official `pusher` SDK.
 */
import { realtimePath, realtimeRoutePath } from "@/lib/realtime-routes";
import type { RealtimeStats } from "@/realtime-server/server";

import { APP_ID, eventually, Harness, nextEvent, signedFetch, statusOf, subscribe } from "../support/realtime-harness";

const statsPath = realtimePath(APP_ID, "stats");

describe("realtime monitoring", () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await Harness.start();
  });
  afterEach(async () => {
    await harness.close();
  });

  const scrape = () => fetch(`http://127.0.0.1:${harness.port}/metrics`);
  const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
  const stats = async () => (await (await harness.newBackend().get({ path: realtimeRoutePath("stats") })).json()) as RealtimeStats;

  describe("GET /metrics", () => {
    it("shows two connections, their subscriptions and the frames an SDK trigger sent out", async () => {
      const [ana, ben] = await Promise.all([harness.connectedClient(), harness.connectedClient()]);
      await Promise.all([subscribe(ana, "chat-channel"), subscribe(ben, "chat-channel"), subscribe(ben, "leaderboard-channel")]);
      const arrivals = Promise.all([nextEvent(ana.channel("chat-channel")!, "new-message"), nextEvent(ben.channel("chat-channel")!, "new-message")]);
      await harness.newBackend().trigger("chat-channel", "new-message", { text: "hi" });
      await arrivals;

      const response = await scrape();
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      expect(metric(text, "coachpro_realtime_connections")).toBe(2);
      expect(metric(text, "coachpro_realtime_connections_peak")).toBe(2);
      expect(metric(text, "coachpro_realtime_channels")).toBe(2);
      expect(metric(text, "coachpro_realtime_subscriptions")).toBe(3);
      expect(metric(text, "coachpro_realtime_rest_events_total")).toBe(1);
      // connection_established ×2, subscription_succeeded ×3, the event ×2.
      expect(metric(text, "coachpro_realtime_messages_out_total")).toBeGreaterThanOrEqual(7);
      expect(metric(text, "coachpro_realtime_messages_in_total")).toBeGreaterThanOrEqual(3);
      expect(text).toContain('coachpro_realtime_api_calls_total{endpoint="events",status="200"} 1');
    });

    it("needs no signature and names no channel, user or socket", async () => {
      const client = await harness.connectedClient({ userId: "secret-user-7" });
      await subscribe(client, "presence-secret-room");
      const text = await (await scrape()).text();
      expect(text).not.toMatch(/secret/);
      expect(text).not.toContain(client.connection.socket_id);
    });

    it("follows a disconnect back down while the peak stays", async () => {
      const first = await harness.connectedClient();
      await harness.connectedClient();
      first.disconnect();
      await eventually(async () => metric(await (await scrape()).text(), "coachpro_realtime_connections") === 1, "the disconnect");
      expect(metric(await (await scrape()).text(), "coachpro_realtime_connections_peak")).toBe(2);
    });

    it("counts errors by kind: a refused handshake, a forged subscription and a bad REST call", async () => {
      const wrongKey = await harness.raw("/app/not-the-key?protocol=7");
      await wrongKey.closed;
      const forged = await harness.connectedClient({ forgeAuth: true });
      await expect(subscribe(forged, "private-room")).rejects.toThrow(/failed/);
      expect(await statusOf(harness.newBackend({ secret: "not-the-secret" }).trigger("chat-channel", "e", {}))).toBe(401);

      const text = await (await scrape()).text();
      expect(text).toContain('coachpro_realtime_errors_total{kind="handshake"} 1');
      expect(text).toContain('coachpro_realtime_errors_total{kind="auth"} 1');
      expect(text).toContain('coachpro_realtime_errors_total{kind="rest_4xx"} 1');
      expect(text).toContain('coachpro_realtime_api_calls_total{endpoint="events",status="401"} 1');
    });

    it("answers only GET; other methods fall through to the REST API's 404", async () => {
      const response = await fetch(`http://127.0.0.1:${harness.port}/metrics`, { method: "POST" });
      expect(response.status).toBe(404);
    });
  });

  describe("GET /apps/{appId}/stats", () => {
    it("answers the SDK's signed call with cumulative numbers", async () => {
      const client = await harness.connectedClient();
      await subscribe(client, "chat-channel");
      await harness.newBackend().trigger("chat-channel", "e", {});
      const first = await stats();
      expect(first).toMatchObject({ connections: 1, peakConnections: 1, channels: 1, subscriptions: 1, restEvents: 1, errors: 0 });
      expect(first.messagesIn).toBeGreaterThanOrEqual(1);
      expect(first.messagesOut).toBeGreaterThanOrEqual(2);
      // The trigger, then this call itself: counted once it is answered.
      expect(first.apiCalls).toBe(1);
      expect(first.uptimeSeconds).toBeGreaterThanOrEqual(0);
      expect((await stats()).apiCalls).toBe(2);
      expect(Object.keys(first).sort()).toEqual(
        [
          "apiCalls",
          "channels",
          "connections",
          "errors",
          "errorsByKind",
          "messagesIn",
          "messagesOut",
          "peakConnections",
          "restEvents",
          "subscriptions",
          "uptimeSeconds",
        ].sort(),
      );
    });

    it("refuses an unsigned call (401)", async () => {
      expect((await fetch(`http://127.0.0.1:${harness.port}${statsPath}`)).status).toBe(401);
    });

    it("refuses a forged or stale signature (401) and accepts a hand-signed one", async () => {
      expect(await statusOf(harness.newBackend({ secret: "not-the-secret" }).get({ path: realtimeRoutePath("stats") }))).toBe(401);
      const stale = Math.floor(Date.now() / 1000) - 601;
      expect((await signedFetch(harness.port, { method: "GET", path: statsPath, timestamp: stale })).status).toBe(401);
      expect((await signedFetch(harness.port, { method: "GET", path: statsPath })).status).toBe(200);
    });

    it("refuses other methods (405) and another app (404)", async () => {
      expect((await signedFetch(harness.port, { method: "POST", path: statsPath, body: "{}" })).status).toBe(405);
      expect(await statusOf(harness.newBackend({ appId: "other-app" }).get({ path: realtimeRoutePath("stats") }))).toBe(404);
    });
  });
});
