import { createECDH, createPublicKey, randomBytes, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";

import ece from "http_ece";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { POST as chatPost } from "@/app/api/chat/route";
import { GET as pushConfig } from "@/app/api/push/route";
import { DELETE, POST } from "@/app/api/push/subscriptions/route";
import { withGeneratedVapidKeys } from "@/config/settings";
import type { PushPayload } from "@/lib/push";
import { authorizeChannel } from "@/server/channel-auth";
import { pushToUser } from "@/server/push/push-service";
import { getPushStore } from "@/server/push/push-store";

import { errorOf, makeRequest, resetApp, signIn } from "../support/app";
import { newClient, subscribed, type Client, useEmbeddedServer } from "../support/realtime";

/** A stand-in push service on loopback: records what it is sent and answers each path's chosen status. */
interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

function startPushService() {
  const received: Received[] = [];
  const statusFor = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(statusFor.get(request.url ?? "") ?? 201).end();
    });
  });
  return new Promise<{ port: number; received: Received[]; statusFor: Map<string, number>; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ port, received, statusFor, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** A browser's side of a subscription: its P-256 key pair and auth secret, as PushManager makes them. */
function newDevice(endpoint: string) {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    subscription: { endpoint, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") } },
  };
}

/** Checks the VAPID JWT (ES256, signed by the server's key) and returns its claims. */
function verifyVapid(authorization: string, publicKey: string): Record<string, unknown> {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(authorization);
  expect(match, authorization).not.toBeNull();
  const [, token, key] = match!;
  expect(key).toBe(publicKey);
  const [header, claims, signature] = token!.split(".");
  expect(JSON.parse(Buffer.from(header!, "base64url").toString())).toMatchObject({ alg: "ES256", typ: "JWT" });
  const point = Buffer.from(publicKey, "base64url");
  const jwk = { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") };
  const valid = verify("sha256", Buffer.from(`${header}.${claims}`), { key: createPublicKey({ key: jwk, format: "jwk" }), dsaEncoding: "ieee-p1363" }, Buffer.from(signature!, "base64url"));
  expect(valid).toBe(true);
  return JSON.parse(Buffer.from(claims!, "base64url").toString()) as Record<string, unknown>;
}

const PAYLOAD: PushPayload = { title: "Cora mentioned you", body: "@Ana great set", href: "/?tab=chat&message=m4-ab", tag: "mention-m4-ab" };

describe("Web Push", () => {
  const realtime = useEmbeddedServer();
  let service: Awaited<ReturnType<typeof startPushService>>;
  let vapid: { VAPID_PUBLIC_KEY: string; VAPID_PRIVATE_KEY: string };
  const clients: Client[] = [];

  beforeAll(async () => {
    service = await startPushService();
  });
  afterAll(() => service.close());
  beforeEach(() => {
    const { env } = withGeneratedVapidKeys({});
    vapid = { VAPID_PUBLIC_KEY: env.VAPID_PUBLIC_KEY!, VAPID_PRIVATE_KEY: env.VAPID_PRIVATE_KEY! };
    resetApp({ REALTIME_PORT: String(realtime.port), ...vapid, VAPID_SUBJECT: "mailto:ops@coachpro.test" });
    delete (globalThis as Record<string, unknown>).__coachproPush;
    delete (globalThis as Record<string, unknown>).__coachproPushPresence;
    service.received.length = 0;
    service.statusFor.clear();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });

  const endpoint = (path: string) => `http://127.0.0.1:${service.port}${path}`;
  const subscribeAs = (cookie: string, subscription: unknown) =>
    POST(makeRequest("/api/push/subscriptions", { json: subscription, cookie }), undefined);

  it("sends a notice encrypted for the device (aes128gcm) with a VAPID signature, which the device decrypts", async () => {
    const ana = await signIn("Ana");
    const device = newDevice(endpoint("/push/ana-phone"));
    expect((await subscribeAs(ana.cookie, device.subscription)).status).toBe(201);

    expect(await pushToUser(ana.user.id, PAYLOAD)).toEqual({ sent: 1, removed: 0, failed: 0 });

    expect(service.received).toHaveLength(1);
    const [request] = service.received;
    expect(request!.path).toBe("/push/ana-phone");
    expect(request!.headers["content-encoding"]).toBe("aes128gcm");
    expect(Number(request!.headers.ttl)).toBeGreaterThan(0);
    const claims = verifyVapid(String(request!.headers.authorization), vapid.VAPID_PUBLIC_KEY);
    expect(claims).toMatchObject({ aud: `http://127.0.0.1:${service.port}`, sub: "mailto:ops@coachpro.test" });
    const now = Date.now() / 1000;
    expect(claims.exp as number).toBeGreaterThan(now);
    expect(claims.exp as number).toBeLessThanOrEqual(now + 24 * 3600 + 5);

    const plain = ece.decrypt(request!.body, { version: "aes128gcm", privateKey: device.ecdh, authSecret: device.auth.toString("base64url") });
    expect(JSON.parse(plain.toString("utf8"))).toEqual(PAYLOAD);

    // Another device's keys cannot read it.
    const stranger = newDevice(endpoint("/x"));
    expect(() => ece.decrypt(request!.body, { version: "aes128gcm", privateKey: stranger.ecdh, authSecret: stranger.auth.toString("base64url") })).toThrow();
  });

  it("reaches an athlete with no tab open when a coach mentions them: once, even when the post is retried", async () => {
    const ana = await signIn("Ana Push");
    const device = newDevice(endpoint("/push/ana-mention"));
    await subscribeAs(ana.cookie, device.subscription);
    const cora = await signIn("Cora", "coach");

    const post = () => chatPost(makeRequest("/api/chat", { json: { message: "@Ana Push lovely depth today", clientMessageId: "mention-push-1" }, cookie: cora.cookie }), undefined);
    const first = await post();
    expect(first.status).toBe(201);
    const { message } = (await first.json()) as { message: { id: string } };
    await expect.poll(() => service.received.length, { timeout: 5_000 }).toBe(1);

    const plain = ece.decrypt(service.received[0]!.body, { version: "aes128gcm", privateKey: device.ecdh, authSecret: device.auth.toString("base64url") });
    const pushed = JSON.parse(plain.toString("utf8")) as PushPayload;
    expect(pushed).toMatchObject({ title: expect.stringContaining("Cora"), body: expect.stringContaining("lovely depth"), href: `/?tab=chat&message=${message.id}` });

    // The same post again (a retry) stores no second notice, so no second push.
    expect((await post()).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(service.received).toHaveLength(1);
  });

  it("sends nothing while one of the person's tabs is open, and again once it closes", async () => {
    const ana = await signIn("Ana");
    await subscribeAs(ana.cookie, newDevice(endpoint("/push/ana")).subscription);
    const tab = newClient(realtime.port, async (socketId, channel) => authorizeChannel(ana.user, socketId, channel));
    clients.push(tab);
    await subscribed(tab, "presence-chat");

    expect(await pushToUser(ana.user.id, PAYLOAD)).toEqual({ skipped: "online" });
    expect(service.received).toHaveLength(0);

    tab.disconnect();
    await expect.poll(() => pushToUser(ana.user.id, PAYLOAD), { timeout: 5_000 }).toEqual({ sent: 1, removed: 0, failed: 0 });
  });

  it("forgets a device the push service says is gone (410, 404) and keeps one that failed for a while (500)", async () => {
    const ana = await signIn("Ana");
    service.statusFor.set("/gone", 410);
    service.statusFor.set("/missing", 404);
    service.statusFor.set("/busy", 500);
    for (const path of ["/gone", "/missing", "/busy"]) await subscribeAs(ana.cookie, newDevice(endpoint(path)).subscription);

    expect(await pushToUser(ana.user.id, PAYLOAD)).toEqual({ sent: 0, removed: 2, failed: 1 });
    expect((await getPushStore().list(ana.user.id)).map((device) => device.endpoint)).toEqual([endpoint("/busy")]);
  });

  it("moves a device to whoever signs in on it, so the one who signed out gets nothing there", async () => {
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const shared = newDevice(endpoint("/push/shared")).subscription;
    await subscribeAs(ana.cookie, shared);
    await subscribeAs(ben.cookie, shared);

    expect(await pushToUser(ana.user.id, PAYLOAD)).toEqual({ skipped: "no-devices" });
    expect(await pushToUser(ben.user.id, PAYLOAD)).toEqual({ sent: 1, removed: 0, failed: 0 });
  });

  it("unsubscribes only the caller's own device", async () => {
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const device = newDevice(endpoint("/push/ana")).subscription;
    await subscribeAs(ana.cookie, device);

    const byBen = await DELETE(makeRequest("/api/push/subscriptions", { method: "DELETE", json: { endpoint: device.endpoint }, cookie: ben.cookie }), undefined);
    expect(await byBen.json()).toEqual({ removed: false });
    expect(await getPushStore().list(ana.user.id)).toHaveLength(1);

    const byAna = await DELETE(makeRequest("/api/push/subscriptions", { method: "DELETE", json: { endpoint: device.endpoint }, cookie: ana.cookie }), undefined);
    expect(await byAna.json()).toEqual({ removed: true });
    expect(await pushToUser(ana.user.id, PAYLOAD)).toEqual({ skipped: "no-devices" });
  });

  it("refuses strangers (401), unknown or private push hosts and malformed keys (422)", async () => {
    const device = newDevice(endpoint("/push/x")).subscription;
    expect((await subscribeAs("", device)).status).toBe(401);
    const ana = await signIn("Ana");
    for (const bad of ["https://evil.example/push", "http://10.0.0.5/push", "http://169.254.169.254/latest", "file:///etc/passwd"]) {
      const response = await subscribeAs(ana.cookie, { ...device, endpoint: bad });
      expect(response.status, bad).toBe(422);
    }
    const shortKey = await subscribeAs(ana.cookie, { ...device, keys: { ...device.keys, p256dh: "AAAA" } });
    expect(shortKey.status).toBe(422);
    expect((await errorOf(shortKey)).issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: "keys.p256dh" })]));
  });

  it("says whether push is on and gives the public key; without keys push is off and nothing is sent", async () => {
    const ana = await signIn("Ana");
    const on = await (await pushConfig(makeRequest("/api/push", { method: "GET", cookie: ana.cookie }), undefined)).json();
    expect(on).toEqual({ enabled: true, publicKey: vapid.VAPID_PUBLIC_KEY });

    resetApp({ REALTIME_PORT: String(realtime.port) });
    const again = await signIn("Ana");
    await subscribeAs(again.cookie, newDevice(endpoint("/push/ana")).subscription);
    const off = await (await pushConfig(makeRequest("/api/push", { method: "GET", cookie: again.cookie }), undefined)).json();
    expect(off).toEqual({ enabled: false, publicKey: null });
    expect(await pushToUser(again.user.id, PAYLOAD)).toEqual({ skipped: "push-off" });
    expect(service.received).toHaveLength(0);
  });
});
