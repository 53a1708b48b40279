import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer, type Socket } from "node:net";

import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";

import { RealtimeUnavailableError } from "./errors";
import { appCounters } from "./monitor/app-metrics";
import {
  DEFAULT_REALTIME_DEADLINE_MS,
  queryRealtime,
  realtimeDeadlineMs,
  setRealtimeDeadline,
  triggerBatch,
  triggerEvent,
} from "./realtime-gateway";

const saved = { host: process.env.PUSHER_HOST, port: process.env.PUSHER_PORT };

/** Points the gateway at 127.0.0.1:`port` with fresh settings and a short deadline. */
function pointAt(port: number, deadlineMs = 200) {
  process.env.PUSHER_HOST = "127.0.0.1";
  process.env.PUSHER_PORT = String(port);
  delete (globalThis as Record<string, unknown>).__coachproSettings;
  setRealtimeDeadline(deadlineMs);
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as RealtimeUnavailableError);

describe("realtime gateway", () => {
  let server: Server | ReturnType<typeof createTcpServer> | undefined;
  const sockets = new Set<Socket>();

  beforeEach(() => {
    server = undefined;
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    if (server && "closeAllConnections" in server) server.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  afterAll(() => {
    Object.assign(process.env, { PUSHER_HOST: saved.host, PUSHER_PORT: saved.port });
    if (saved.host === undefined) delete process.env.PUSHER_HOST;
    if (saved.port === undefined) delete process.env.PUSHER_PORT;
    delete (globalThis as Record<string, unknown>).__coachproSettings;
    setRealtimeDeadline(undefined);
  });

  it("defaults to a 3 s deadline and lets tests change it", () => {
    setRealtimeDeadline(undefined);
    expect(DEFAULT_REALTIME_DEADLINE_MS).toBe(3_000);
    expect(realtimeDeadlineMs()).toBe(3_000);
    setRealtimeDeadline(150);
    expect(realtimeDeadlineMs()).toBe(150);
  });

  it("turns silence into a timeout 503 at the deadline, and counts the failed trigger", async () => {
    server = createTcpServer((socket) => {
      sockets.add(socket);
      socket.resume();
    });
    pointAt(await listen(server));
    const before = await appCounters();
    const started = performance.now();
    const error = await failureOf(triggerEvent("chat-channel", "new-message", {}));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(RealtimeUnavailableError);
    expect(error).toMatchObject({ status: 503, failure: "timeout", options: { headers: { "Retry-After": "2" } } });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(700);
    await expect.poll(async () => (await appCounters()).triggerFailures - before.triggerFailures).toBe(1);
  });

  it("turns a refused connection into an unreachable 503", async () => {
    const probe = createTcpServer();
    const port = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    pointAt(port);
    expect(await failureOf(queryRealtime("/channels"))).toMatchObject({ status: 503, failure: "unreachable" });
  });

  it("turns an error status into a 503 carrying the upstream status", async () => {
    server = createHttpServer((_request, response) => response.writeHead(401).end("no"));
    pointAt(await listen(server));
    expect(await failureOf(queryRealtime("/stats"))).toMatchObject({ status: 503, failure: "status", upstreamStatus: 401 });
  });

  it("sends batches of at most 10 and reports which events went out", async () => {
    const sizes: number[] = [];
    server = createHttpServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const { batch } = JSON.parse(Buffer.concat(chunks).toString()) as { batch: { name: string }[] };
        sizes.push(batch.length);
        // The batch holding "e10" is refused.
        response.writeHead(batch.some((e) => e.name === "e10") ? 500 : 200).end("{}");
      });
    });
    pointAt(await listen(server));
    const events = Array.from({ length: 23 }, (_, i) => ({ channel: `private-user-${i}`, name: `e${i}`, data: { i } }));
    const outcome = await triggerBatch(events, "test batch");
    expect(sizes.sort((a, b) => a - b)).toEqual([3, 10, 10]);
    expect(outcome.failed.map((e) => e.name)).toEqual(events.slice(10, 20).map((e) => e.name));
    expect(outcome.sent).toHaveLength(13);
  });

  it("never has two calls for one channel in flight: concurrent triggers queue and leave together, in order", async () => {
    const received: number[] = [];
    let inFlight = 0;
    let most = 0;
    server = createHttpServer((request, response) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { data?: string; batch?: { data: string }[] };
        for (const data of body.batch?.map((e) => e.data) ?? [body.data!]) received.push((JSON.parse(data) as { n: number }).n);
        setTimeout(() => {
          inFlight -= 1;
          response.writeHead(200).end("{}");
        }, 20);
      });
    });
    pointAt(await listen(server), 2_000);
    await Promise.all(Array.from({ length: 25 }, (_, n) => triggerEvent("chat-channel", "new-message", { n })));
    expect(most).toBe(1);
    expect(received).toEqual(Array.from({ length: 25 }, (_, n) => n));
  });
});
