/**
 * The REST API as the official `pusher` SDK calls it, plus hand-signed
 * requests for what the SDK will not send (stale timestamps, bad body_md5,
 * 101 channels).
 */
import { realtimePath, realtimeRoutePath } from "@/lib/realtime-routes";
import { signRestRequest } from "@/realtime-server/signature";
import { APP_ID, eventually, Harness, joinQuery, KEY, nextEvent, SECRET, signedFetch, statusOf, subscribe, withTimeout } from "../support/realtime-harness";

const eventsPath = realtimePath(APP_ID, "events");
const body = (event: object) => JSON.stringify(event);
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("realtime REST API", () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await Harness.start();
  });
  afterEach(async () => {
    await harness.close();
  });

  describe("authentication", () => {
    it("answers {} to a correctly signed trigger", async () => {
      const response = await harness.newBackend().trigger("chat-channel", "e", {});
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({});
    });

    it("refuses a request signed with the wrong secret (401)", async () => {
      expect(await statusOf(harness.newBackend({ secret: "not-the-secret" }).trigger("chat-channel", "e", {}))).toBe(401);
    });

    it("refuses an unknown app id (404)", async () => {
      expect(await statusOf(harness.newBackend({ appId: "other-app" }).trigger("chat-channel", "e", {}))).toBe(404);
    });

    it("accepts a timestamp 590 s old and refuses one 601 s old (401)", async () => {
      const event = body({ name: "e", channels: ["c"], data: "{}" });
      expect((await signedFetch(harness.port, { method: "POST", path: eventsPath, body: event, timestamp: nowSeconds() - 590 })).status).toBe(200);
      expect((await signedFetch(harness.port, { method: "POST", path: eventsPath, body: event, timestamp: nowSeconds() - 601 })).status).toBe(401);
      expect((await signedFetch(harness.port, { method: "POST", path: eventsPath, body: event, timestamp: nowSeconds() + 601 })).status).toBe(401);
    });

    it("refuses a body that does not match body_md5 (401)", async () => {
      const signed = body({ name: "e", channels: ["c"], data: "{}" });
      const sent = body({ name: "e", channels: ["c"], data: '{"forged":true}' });
      expect((await signedFetch(harness.port, { method: "POST", path: eventsPath, body: signed })).status).toBe(200);
      expect((await signedFetch(harness.port, { method: "POST", path: eventsPath, body: signed, sentBody: sent })).status).toBe(401);
    });

    describe("refuses a forged request before reading its body", () => {
      const MEGABYTE = 1024 * 1024;
      const signed = signRestRequest({ key: KEY, secret: SECRET, method: "POST", path: eventsPath, body: "x".repeat(MEGABYTE) });

      it.each([
        ["an unknown auth_key", { ...signed, auth_key: "not-the-key" }],
        ["a stale auth_timestamp", { ...signed, auth_timestamp: String(nowSeconds() - 3600) }],
        ["a forged auth_signature", { ...signed, auth_signature: "0".repeat(64) }],
      ])("%s: 401 after 1 KB of a 1 MB body, the rest never sent", async (_label, params) => {
        const tcp = await harness.tcp();
        tcp.write(
          `POST ${eventsPath}?${joinQuery(params)} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${MEGABYTE}\r\n\r\n${"x".repeat(1024)}`,
        );
        await eventually(() => tcp.text().includes("\r\n\r\n"), "the answer to a partial body", 2_000);
        expect(tcp.text()).toMatch(/^HTTP\/1\.1 401 /);
        await withTimeout(tcp.closed, "the server to close the connection");
      });

      it("still reads the body of a correctly signed request and checks its body_md5 after", async () => {
        const tcp = await harness.tcp();
        tcp.write(`POST ${eventsPath}?${joinQuery(signed)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${MEGABYTE}\r\n\r\n`);
        tcp.write("y".repeat(MEGABYTE));
        await eventually(() => tcp.text().includes("\r\n\r\n"), "the answer to a full body", 5_000);
        expect(tcp.text()).toMatch(/^HTTP\/1\.1 401 [\s\S]*body_md5 does not match/);
      });
    });

    it("refuses a missing signature (401)", async () => {
      const response = await fetch(`http://127.0.0.1:${harness.port}${realtimePath(APP_ID, "channels")}`);
      expect(response.status).toBe(401);
    });
  });

  describe("limits", () => {
    it("accepts 10 240 bytes of data and refuses 10 241 (413)", async () => {
      const backend = harness.newBackend();
      expect(await statusOf(backend.trigger("chat-channel", "e", "x".repeat(10_240)))).toBe("ok");
      expect(await statusOf(backend.trigger("chat-channel", "e", "x".repeat(10_241)))).toBe(413);
    });

    it("accepts 100 channels and refuses 101 (400)", async () => {
      const channels = (n: number) => Array.from({ length: n }, (_, i) => `c-${i}`);
      const hundred = body({ name: "e", channels: channels(100), data: "{}" });
      expect((await signedFetch(harness.port, { method: "POST", path: eventsPath, body: hundred })).status).toBe(200);
      const hundredAndOne = body({ name: "e", channels: channels(101), data: "{}" });
      expect((await signedFetch(harness.port, { method: "POST", path: eventsPath, body: hundredAndOne })).status).toBe(400);
    });

    it("accepts a batch of 10 and refuses 11 (400)", async () => {
      const backend = harness.newBackend();
      const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ channel: "chat-channel", name: "e", data: { i } }));
      expect(await statusOf(backend.triggerBatch(batch(10)))).toBe("ok");
      expect(await statusOf(backend.triggerBatch(batch(11)))).toBe(400);
    });

    it("refuses a 165-character channel name, a reserved event name and malformed JSON (400)", async () => {
      const backend = harness.newBackend();
      expect(await statusOf(backend.trigger("c".repeat(164), "e", {}))).toBe("ok");
      expect(await statusOf(backend.trigger("c".repeat(165), "e", {}))).toBe(400);
      expect(await statusOf(backend.trigger("chat-channel", "pusher:subscribe", {}))).toBe(400);
      expect((await signedFetch(harness.port, { method: "POST", path: eventsPath, body: "{not json" })).status).toBe(400);
      expect((await signedFetch(harness.port, { method: "POST", path: eventsPath, body: body({ name: "e", channels: ["c"], data: { a: 1 } }) })).status).toBe(
        400,
      );
    });

    it("refuses a request body over 1 MB (413) without waiting for all of it", async () => {
      const huge = "x".repeat(1024 * 1024 + 1);
      expect((await signedFetch(harness.port, { method: "POST", path: eventsPath, body: huge })).status).toBe(413);
    });
  });

  describe("channel queries", () => {
    const presenceClient = async (userId: string) => {
      const client = await harness.connectedClient({ userId });
      await subscribe(client, "presence-room");
      return client;
    };

    it("reports occupancy, user_count and subscription_count of a presence channel", async () => {
      await presenceClient("alice");
      await presenceClient("alice");
      await presenceClient("bob");
      const response = await harness.newBackend().get({ path: realtimeRoutePath("channel", { channel: "presence-room" }), params: { info: "user_count,subscription_count" } });
      expect(await response.json()).toEqual({ occupied: true, user_count: 2, subscription_count: 3 });
      const empty = await harness.newBackend().get({ path: realtimeRoutePath("channel", { channel: "presence-empty" }), params: {} });
      expect(await empty.json()).toEqual({ occupied: false });
    });

    it("refuses user_count on a non-presence channel (400)", async () => {
      expect(await statusOf(harness.newBackend().get({ path: realtimeRoutePath("channel", { channel: "chat-channel" }), params: { info: "user_count" } }))).toBe(400);
    });

    it("lists occupied channels, filtered by prefix, with user_count only for a presence- prefix", async () => {
      const client = await presenceClient("alice");
      await subscribe(client, "chat-channel");
      const backend = harness.newBackend();
      const all = await (await backend.get({ path: realtimeRoutePath("channels"), params: {} })).json();
      expect(all).toEqual({ channels: { "presence-room": {}, "chat-channel": {} } });
      const presence = await (await backend.get({ path: realtimeRoutePath("channels"), params: { filter_by_prefix: "presence-", info: "user_count" } })).json();
      expect(presence).toEqual({ channels: { "presence-room": { user_count: 1 } } });
      expect(await statusOf(backend.get({ path: realtimeRoutePath("channels"), params: { info: "user_count" } }))).toBe(400);
    });

    it("lists the users of a presence channel, and refuses other channels (400)", async () => {
      await presenceClient("alice");
      await presenceClient("bob");
      const backend = harness.newBackend();
      expect(await (await backend.get({ path: realtimeRoutePath("channel_users", { channel: "presence-room" }), params: {} })).json()).toEqual({ users: [{ id: "alice" }, { id: "bob" }] });
      expect(await statusOf(backend.get({ path: realtimeRoutePath("channel_users", { channel: "chat-channel" }), params: {} }))).toBe(400);
    });

    it("returns channel attributes from a trigger and a batch when info is asked", async () => {
      await presenceClient("alice");
      const backend = harness.newBackend();
      const single = await backend.trigger("presence-room", "e", {}, { info: "user_count,subscription_count" });
      expect(await single.json()).toEqual({ channels: { "presence-room": { user_count: 1, subscription_count: 1 } } });
      const batch = await backend.triggerBatch([
        { channel: "presence-room", name: "e", data: {}, info: "user_count" },
        { channel: "chat-channel", name: "e", data: {} },
      ]);
      expect(await batch.json()).toEqual({ batch: [{ user_count: 1 }, {}] });
    });

    it("counts REST events in the stats", async () => {
      const client = await harness.connectedClient();
      const channel = await subscribe(client, "chat-channel");
      const received = nextEvent(channel, "e");
      await harness.newBackend().trigger(["chat-channel", "other"], "e", {});
      await received;
      expect(harness.server.stats()).toMatchObject({ connections: 1, channels: 1, restEvents: 2 });
      expect(harness.server.stats().messagesOut).toBeGreaterThanOrEqual(3);
      expect(harness.server.stats().messagesIn).toBeGreaterThanOrEqual(1);
    });
  });
});
