/**
 * The WebSocket side of the embedded server: handshake, ping/pong, activity
 * timeout, bad frames, back-pressure and shutdown.
 */
import PusherJS from "pusher-js";
import * as ws from "ws";
import { WebSocket } from "ws";
import { errorCode, eventually, Harness, KEY, nextEvent, withTimeout } from "../support/realtime-harness";

describe("realtime WebSocket", () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await Harness.start();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("answers GET /health for readiness checks", async () => {
    const response = await fetch(`http://127.0.0.1:${harness.port}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("opens with connection_established: a digits.digits socket id and activity_timeout 120, data double-encoded", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${harness.port}/app/${KEY}?protocol=7&client=js&version=8.6.0&flash=false`);
    const text = await withTimeout(new Promise<string>((resolve) => ws.once("message", (data) => resolve(String(data)))), "first frame");
    ws.terminate();
    const frame = JSON.parse(text) as { event: string; data: unknown };
    expect(frame.event).toBe("pusher:connection_established");
    expect(typeof frame.data).toBe("string");
    const data = JSON.parse(frame.data as string) as { socket_id: string; activity_timeout: number };
    expect(data.socket_id).toMatch(/^\d+\.\d+$/);
    expect(data.activity_timeout).toBe(120);
  });

  it("reads frames split across packets and several frames in one packet (the server releases its chunk list between messages)", async () => {
    const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };
    const masked = (frame: object) =>
      Buffer.concat(Sender.frame(Buffer.from(JSON.stringify(frame)), { fin: true, opcode: 1, mask: true, readOnly: false, rsv1: false }));
    const raw = await harness.raw();
    await raw.established();
    const subscribe = masked({ event: "pusher:subscribe", data: { channel: "split" } });
    const ping = masked({ event: "pusher:ping", data: {} });
    // Written past the client's own sender, with pauses so that each part arrives in a read of its own.
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    raw.socket.write(subscribe.subarray(0, 5));
    await pause();
    raw.socket.write(Buffer.concat([subscribe.subarray(5), ping, ping.subarray(0, 3)]));
    await pause();
    raw.socket.write(ping.subarray(3));
    expect(await raw.nextEvent("pusher_internal:subscription_succeeded")).toMatchObject({ channel: "split" });
    await raw.nextEvent("pusher:pong");
    await raw.nextEvent("pusher:pong");
    expect(harness.server.stats().errors).toBe(0);
  });

  it("gives pusher-js a connection with a fresh, unpredictable socket id each time", async () => {
    const first = await harness.connectedClient();
    const second = await harness.connectedClient();
    expect(first.connection.socket_id).toMatch(/^\d+\.\d+$/);
    expect(second.connection.socket_id).not.toBe(first.connection.socket_id);
    expect(harness.server.stats()).toMatchObject({ connections: 2, peakConnections: 2 });
  });

  it("answers pusher:ping with pusher:pong", async () => {
    const raw = await harness.raw();
    await raw.established();
    raw.send({ event: "pusher:ping", data: {} });
    expect(await raw.nextEvent("pusher:pong")).toMatchObject({ event: "pusher:pong", data: {} });
  });

  it.each([
    ["an unknown key", "/app/not-the-key?protocol=7", 4001],
    ["a missing protocol", `/app/${KEY}`, 4008],
    ["an unsupported protocol", `/app/${KEY}?protocol=5`, 4007],
    ["a wrong path", "/socket?protocol=7", 4005],
  ])("refuses %s: pusher:error then close with the same code", async (_label, path, code) => {
    const raw = await harness.raw(path);
    expect(await raw.nextEvent("pusher:error")).toMatchObject({ data: { code } });
    expect((await raw.closed).code).toBe(code);
  });

  it("makes pusher-js give up on an unknown key (4001)", async () => {
    const wrong = new PusherJS("wrong-key", {
      cluster: "mt1",
      wsHost: "127.0.0.1",
      wsPort: harness.port,
      forceTLS: false,
      enabledTransports: ["ws"],
      disableStats: true,
    });
    harness.clients.push(wrong);
    const [error] = await nextEvent(wrong.connection, "error");
    expect(errorCode(error)).toBe(4001);
    await eventually(() => wrong.connection.state === "disconnected", "pusher-js to give up");
  });

  it("answers a non-JSON frame, a frame without event and an unknown pusher: event with 4300 and keeps serving", async () => {
    const raw = await harness.raw();
    await raw.established();
    for (const frame of ["this is not json", '{"data":{}}', { event: "pusher:teleport", data: {} }]) {
      raw.send(frame);
      expect(await raw.nextEvent("pusher:error")).toMatchObject({ data: { code: 4300 } });
    }
    raw.send({ event: "pusher:ping", data: {} });
    await raw.nextEvent("pusher:pong");
  });

  it("answers a binary frame with 4300 and keeps the connection open", async () => {
    const raw = await harness.raw();
    await raw.established();
    raw.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await raw.nextEvent("pusher:error")).toMatchObject({ data: { code: 4300 } });
    raw.send({ event: "pusher:ping", data: {} });
    await raw.nextEvent("pusher:pong");
  });

  it("closes a connection that sends a frame over 100 KB (1009, unbuffered) and serves others", async () => {
    const raw = await harness.raw();
    await raw.established();
    raw.send({ event: "client-big", channel: "private-a", data: "x".repeat(101 * 1024) });
    expect((await raw.closed).code).toBe(1009);
    const other = await harness.raw();
    expect(await other.established()).toMatch(/^\d+\.\d+$/);
  });

  it("closes a client that stops reading with 4100 instead of buffering without bound", async () => {
    const slow = await harness.raw();
    await slow.established();
    await slow.subscribe("flood");
    const socket = (slow.ws as unknown as { _socket: import("node:net").Socket })._socket;
    socket.pause();
    const backend = harness.newBackend();
    const data = "x".repeat(10_000);
    // Up to 20 MB in 100 KB batches: far more than the 1 MB cap plus the kernel's socket buffers.
    for (let round = 0; round < 200 && harness.server.stats().connections > 0; round += 1) {
      await backend.triggerBatch(Array.from({ length: 10 }, () => ({ channel: "flood", name: "big", data })));
    }
    expect(harness.server.stats().connections).toBe(0);
    socket.resume();
    expect((await slow.closed).code).toBe(4100);
  });

  it("close() sends 4200 to every client, which pusher-js answers by reconnecting at once", async () => {
    const raw = await harness.raw();
    await raw.established();
    const client = await harness.connectedClient();
    const retried = nextEvent(client.connection, "error");
    const states: string[] = [];
    client.connection.bind("state_change", ({ current }: { current: string }) => states.push(current));

    await harness.server.close();
    expect((await raw.closed).code).toBe(4200);
    expect(errorCode((await retried)[0])).toBe(4200);
    // "retry" action: straight back to connecting, unlike 4001–4099 which end in "disconnected".
    await eventually(() => states.includes("connecting"), "pusher-js to reconnect");
    expect(states).not.toContain("disconnected");
    expect(harness.server.stats().connections).toBe(0);
  });
});

describe("realtime activity timeout", () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await Harness.start({ activityTimeoutSeconds: 0.2, pongTimeoutMs: 200 });
  });
  afterEach(async () => {
    await harness.close();
  });

  it("pings a silent client and closes it with 4201 when no pong comes", async () => {
    const raw = await harness.raw();
    await raw.established();
    await raw.nextEvent("pusher:ping");
    expect((await raw.closed).code).toBe(4201);
  });

  it("keeps a client that answers the ping", async () => {
    const raw = await harness.raw();
    await raw.established();
    await raw.nextEvent("pusher:ping");
    raw.send({ event: "pusher:pong", data: {} });
    await raw.nextEvent("pusher:ping");
    raw.send({ event: "pusher:pong", data: {} });
    await raw.nextEvent("pusher:ping");
    expect(raw.ws.readyState).toBe(WebSocket.OPEN);
  });
});
