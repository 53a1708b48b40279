/**
 * Hostile clients: deeply nested frames are refused like any malformed frame
 * without flooding the log, and a client flooding frames is closed (4100)
 * before it can slow anyone else down.
 */
import { setImmediate as nextTick } from "node:timers/promises";
import { WebSocket } from "ws";
import { realtimePath } from "@/lib/realtime-routes";
import { APP_ID, Harness, signedFetch, startFlood, withTimeout, type RawClient } from "../support/realtime-harness";

/** A client event whose data nests `depth` arrays: well under 100 KB, far past any stack. */
const nestedFrame = (depth: number) => `{"event":"client-x","channel":"private-a","data":${"[".repeat(depth)}${"]".repeat(depth)}}`;

describe("realtime hostile input: deeply nested JSON", () => {
  let harness: Harness;
  const logged: string[] = [];
  beforeEach(async () => {
    logged.length = 0;
    harness = await Harness.start({ log: (line) => logged.push(line) });
  });
  afterEach(async () => {
    await harness.close();
  });

  it("answers 300 frames nested 40,000 deep with 4300 each, keeps serving, and logs at most the limiter's 20 lines", async () => {
    // Three connections of 100 frames: within each one's inbound budget.
    const clients = await Promise.all([harness.raw(), harness.raw(), harness.raw()]);
    await Promise.all(clients.map((raw) => raw.established()));
    const frame = nestedFrame(40_000);
    for (const raw of clients) for (let i = 0; i < 100; i += 1) raw.send(frame);
    for (const raw of clients) {
      for (let i = 0; i < 100; i += 1) expect(await raw.nextEvent("pusher:error")).toMatchObject({ data: { code: 4300 } });
      raw.send({ event: "pusher:ping", data: {} });
      await raw.nextEvent("pusher:pong");
    }
    const lines = logged.flatMap((entry) => entry.split("\n"));
    expect(lines.length).toBeLessThanOrEqual(20);
  });

  it("rate-limits its own log: 30 broken connections log 20 lines, then one summary of the 10 suppressed", async () => {
    const clients = await Promise.all(Array.from({ length: 30 }, () => harness.raw()));
    await Promise.all(clients.map((raw) => raw.established()));
    // An unmasked client frame is a WebSocket protocol error: each one makes the server log a socket error.
    for (const raw of clients) raw.socket.write(Buffer.from([0x81, 0x01, 0x61]));
    await Promise.all(clients.map((raw) => withTimeout(raw.closed, "the broken connection to close")));
    expect(logged).toHaveLength(20);
    await harness.close();
    expect(logged).toHaveLength(21);
    expect(logged[20]).toMatch(/suppressed 10 log lines/);
  });
});

describe("realtime hostile input: frame flood", () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await Harness.start({ closeGraceMs: 200 });
  });
  afterEach(async () => {
    await harness.close();
  });

  /** Sends frames as fast as the socket takes them, yielding between batches, until told to stop or closed. */
  function flood(raw: RawClient): { stop: () => Promise<number> } {
    let running = true;
    let sent = 0;
    const frame = JSON.stringify({ event: "pusher:ping", data: {} });
    const done = (async () => {
      while (running && raw.ws.readyState === WebSocket.OPEN) {
        for (let i = 0; i < 500; i += 1) raw.ws.send(frame);
        sent += 500;
        await nextTick();
      }
      return sent;
    })();
    return {
      stop: () => {
        running = false;
        return done;
      },
    };
  }

  it("closes a flooding client in another process with 4100", async () => {
    const flood = startFlood(harness.port);
    await flood.started;
    expect(await withTimeout(flood.closed, "the flooder to be closed", 5_000)).toBe(4100);
    await flood.stop();
  });

  it("closes a client that floods frames with pusher:error 4100 and close code 4100, and serves others", async () => {
    const flooder = await harness.raw();
    await flooder.established();
    const run = flood(flooder);
    expect(await flooder.nextEvent("pusher:error", undefined, 5_000)).toMatchObject({ data: { code: 4100 } });
    expect((await withTimeout(flooder.closed, "the flooder to be closed", 5_000)).code).toBe(4100);
    await run.stop();
    expect(harness.server.stats().errorsByKind.flood).toBe(1);

    const other = await harness.raw();
    await other.established();
    other.send({ event: "pusher:ping", data: {} });
    await other.nextEvent("pusher:pong");
  });

  it("lets a client send pusher-js's worst burst (100 subscriptions at once) without closing it", async () => {
    const raw = await harness.raw();
    await raw.established();
    for (let i = 0; i < 100; i += 1) raw.send({ event: "pusher:subscribe", data: { channel: `burst-${i}` } });
    for (let i = 0; i < 100; i += 1) await raw.nextEvent("pusher_internal:subscription_succeeded");
    raw.send({ event: "pusher:ping", data: {} });
    await raw.nextEvent("pusher:pong");
    expect(raw.ws.readyState).toBe(WebSocket.OPEN);
  });

  it("keeps another client's delivery delay under 50 ms at p95 over 100 deliveries while one client floods", async () => {
    const receiver = await harness.raw();
    await receiver.established();
    await receiver.subscribe("calm");
    /** One REST trigger to the calm channel, timed until the receiver has the frame. */
    const deliver = async (data: string) => {
      const body = JSON.stringify({ name: "tick", channel: "calm", data });
      const start = performance.now();
      const response = await signedFetch(harness.port, { method: "POST", path: realtimePath(APP_ID, "events"), body });
      expect(response.status).toBe(200);
      await receiver.next((frame) => frame.event === "tick" && frame.data === data, 10_000);
      return performance.now() - start;
    };
    // Warm up the HTTP connection and the code paths, so the figure is the server's, not the first call's.
    for (let i = 0; i < 5; i += 1) await deliver(`warm-${i}`);

    const flood = startFlood(harness.port);
    await flood.started;
    const delays: number[] = [];
    // Bounded in time too: a flooded server (the bug) takes seconds per delivery; stop after 10 s and judge what came.
    const begin = performance.now();
    for (let i = 0; i < 100 && performance.now() - begin < 10_000; i += 1) delays.push(await deliver(`tick-${i}`));
    const sent = await flood.stop();
    delays.sort((a, b) => a - b);
    const p95 = delays[Math.ceil(delays.length * 0.95) - 1]!;
    expect(sent).toBeGreaterThanOrEqual(1000);
    expect(p95).toBeLessThan(50);
    expect(delays).toHaveLength(100);
  });
});
