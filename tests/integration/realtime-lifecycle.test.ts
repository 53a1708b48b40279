/**
 * The hub owns each connection's life: a closing connection never acts
 * again, sockets that never finish their handshake are cut, and a peer that
 * stops answering (even one that stops reading entirely) is reaped and
 * leaves presence.
 */
import { WebSocket } from "ws";
import { realtimeRoutePath } from "@/lib/realtime-routes";
import { eventually, Harness, KEY, quietPeriod, withTimeout } from "../support/realtime-harness";

const ROOM = "presence-room";

describe("realtime lifecycle: a closed connection never acts again", () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await Harness.start();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("drops a subscribe queued behind the frame that closed the connection: no ghost presence member", async () => {
    const observer = await harness.raw();
    const observerId = await observer.established();
    await observer.subscribe(ROOM, harness.presenceAuth(observerId, ROOM, "observer"));

    const ghost = await harness.raw();
    const ghostId = await ghost.established();
    // Sent back to back: the forged sign-in closes the connection (4009) while the subscribe is already queued.
    ghost.send({ event: "pusher:signin", data: { auth: `${KEY}:${"0".repeat(64)}`, user_data: '{"id":"ghost"}' } });
    ghost.send({ event: "pusher:subscribe", data: { channel: ROOM, ...harness.presenceAuth(ghostId, ROOM, "ghost") } });
    expect((await ghost.closed).code).toBe(4009);

    const users = (await harness.newBackend().get({ path: realtimeRoutePath("channel_users", { channel: ROOM }) }).then((r) => r.json())) as { users: { id: string }[] };
    expect(users.users.map((user) => user.id)).toEqual(["observer"]);
    expect(harness.server.stats()).toMatchObject({ connections: 1, subscriptions: 1 });
    expect(observer.pending().filter((frame) => frame.event === "pusher_internal:member_added")).toEqual([]);
  });

  it("drops client events queued behind the frame that closed the connection", async () => {
    const listener = await harness.raw();
    const listenerId = await listener.established();
    await listener.subscribe(ROOM, harness.presenceAuth(listenerId, ROOM, "listener"));
    const sender = await harness.raw();
    const senderId = await sender.established();
    await sender.subscribe(ROOM, harness.presenceAuth(senderId, ROOM, "sender"));
    await listener.nextEvent("pusher_internal:member_added", ROOM);

    sender.send({ event: "pusher:signin", data: { auth: `${KEY}:${"0".repeat(64)}`, user_data: '{"id":"sender"}' } });
    sender.send({ event: "client-after-close", channel: ROOM, data: {} });
    expect((await sender.closed).code).toBe(4009);
    await listener.nextEvent("pusher_internal:member_removed", ROOM);
    await quietPeriod();
    expect(listener.pending().filter((frame) => frame.event === "client-after-close")).toEqual([]);
  });
});

describe("realtime lifecycle: handshake deadline", () => {
  const HANDSHAKE_MS = 300;
  let harness: Harness;
  beforeEach(async () => {
    harness = await Harness.start({ handshakeTimeoutMs: HANDSHAKE_MS });
  });
  afterEach(async () => {
    await harness.close();
  });

  it("cuts a TCP connection that sends nothing within the handshake deadline", async () => {
    const tcp = await harness.tcp();
    const openMs = await withTimeout(tcp.closed, "the server to cut a silent socket", 2_000);
    expect(openMs).toBeGreaterThanOrEqual(HANDSHAKE_MS - 50);
    await eventually(async () => (await harness.openSockets()) === 0, "no socket left");
  });

  it("cuts a connection that stops halfway through its upgrade request", async () => {
    const tcp = await harness.tcp();
    tcp.write(`GET /app/${KEY}?protocol=7 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`);
    await withTimeout(tcp.closed, "the server to cut a half-sent upgrade", 2_000);
  });

  it("cuts a refused WebSocket (unknown key) whose client never answers the close", async () => {
    const tcp = await harness.tcp();
    tcp.write(
      "GET /app/not-the-key?protocol=7 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    await eventually(() => tcp.text().startsWith("HTTP/1.1 101"), "the upgrade");
    await withTimeout(tcp.closed, "the server to cut the refused socket", 2_000);
  });

  it("leaves a WebSocket that completed its upgrade open past the deadline", async () => {
    const raw = await harness.raw();
    await raw.established();
    await quietPeriod(HANDSHAKE_MS * 2);
    expect(raw.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe("realtime lifecycle: reaping peers that stop answering", () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await Harness.start({ activityTimeoutSeconds: 0.2, pongTimeoutMs: 200, closeGraceMs: 200 });
  });
  afterEach(async () => {
    await harness.close();
  });

  it("closes a half-open peer (stopped reading) with 4201, ends its presence and cuts its socket", async () => {
    const observer = await harness.raw();
    observer.answerPings();
    const observerId = await observer.established();
    await observer.subscribe(ROOM, harness.presenceAuth(observerId, ROOM, "observer"));

    const vanished = await harness.raw();
    const vanishedId = await vanished.established();
    await vanished.subscribe(ROOM, harness.presenceAuth(vanishedId, ROOM, "vanished"));
    await observer.nextEvent("pusher_internal:member_added", ROOM);
    expect(await harness.openSockets()).toBe(2);

    vanished.stopReading();
    const removed = await observer.nextEvent("pusher_internal:member_removed", ROOM, 3_000);
    expect(removed.data).toEqual({ user_id: "vanished" });
    // The close handshake can never finish with a peer that does not read: the socket is cut after the grace.
    await eventually(async () => (await harness.openSockets()) === 1, "the half-open socket to be cut", 2_000);
    expect(harness.server.stats()).toMatchObject({ connections: 1 });
    vanished.socket.resume();
    expect((await vanished.closed).code).toBe(4201);
  });
});
