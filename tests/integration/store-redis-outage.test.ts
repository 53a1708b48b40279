import { describe, expect, it } from "vitest";

import { GET as getActivity } from "@/app/api/activity/route";
import { GET as getUsers } from "@/app/api/users/route";
import { POST as react } from "@/app/api/chat/reactions/route";
import { POST as markRead } from "@/app/api/chat/read/route";
import { PATCH, GET, POST } from "@/app/api/chat/route";
import { GET as health } from "@/app/api/health/route";
import { POST as join } from "@/app/api/session/route";
import type { ChatHistory, NewMessageEvent } from "@/lib/schemas";
import { memoryLimiterFactory, setRateLimiterFactory } from "@/server/rate-limit";

import { errorOf, makeRequest, signIn } from "../support/app";
import { useAppOnRedis } from "../support/redis-app";
import { useEmbeddedServer } from "../support/realtime";

/** Redis may be gone this long before a request answers 503. */
const FAIL_FAST_MS = 2_000;

const post = (cookie: string, json: unknown) => POST(makeRequest("/api/chat", { json, cookie }), undefined);
const read = (cookie: string) => GET(makeRequest("/api/chat", { method: "GET", cookie }), undefined);

async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await call();
  return { value, ms: performance.now() - started };
}

async function expectStoreUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
  expect((await errorOf(response)).code).toBe("store_unavailable");
}

describe("Redis lost while the app runs", () => {
  const realtime = useEmbeddedServer();
  const app = useAppOnRedis(() => ({ REALTIME_PORT: String(realtime.port) }));

  it("answers 503 with Retry-After at once, reports the store down, and resumes by itself when Redis returns", async () => {
    const ana = await signIn("Ana");
    const before = (await (await post(ana.cookie, { message: "before the outage" })).json()) as { message: NewMessageEvent };
    expect((await (await health()).json()).store).toEqual({ kind: "redis", up: true });

    await app.redis.kill();

    // Writes, reads and joins: 503 + Retry-After, fast, never a 500, never a silent memory fall-back.
    const write = await timed(() => post(ana.cookie, { message: "during the outage", clientMessageId: "outage-01" }));
    await expectStoreUnavailable(write.value);
    expect(write.ms).toBeLessThan(FAIL_FAST_MS);
    const reading = await timed(() => read(ana.cookie));
    await expectStoreUnavailable(reading.value);
    expect(reading.ms).toBeLessThan(FAIL_FAST_MS);
    await expectStoreUnavailable(await join(makeRequest("/api/session", { json: { name: "Ben", role: "athlete" }, ip: "203.0.113.9" }), undefined));
    await expectStoreUnavailable(
      await getActivity(makeRequest("/api/activity?channel=progress-channel", { method: "GET", cookie: ana.cookie }), undefined),
    );
    await expectStoreUnavailable(await getUsers(makeRequest("/api/users?q=an", { method: "GET", cookie: ana.cookie }), undefined));
    // The chat changes' own store scripts (rate limits counted in memory here, so the store answers, not the limiter).
    setRateLimiterFactory(memoryLimiterFactory);
    const messageId = before.message.id;
    await expectStoreUnavailable(await PATCH(makeRequest("/api/chat", { method: "PATCH", json: { messageId, message: "edited" }, cookie: ana.cookie }), undefined));
    await expectStoreUnavailable(await react(makeRequest("/api/chat/reactions", { json: { messageId, emoji: "👍", on: true }, cookie: ana.cookie }), undefined));
    await expectStoreUnavailable(await markRead(makeRequest("/api/chat/read", { json: { seq: 1 }, cookie: ana.cookie }), undefined));
    setRateLimiterFactory(undefined);
    const down = await timed(() => health());
    expect(down.value.status).toBe(503);
    expect(down.value.headers.get("Retry-After")).toBeTruthy();
    expect(await down.value.json()).toMatchObject({ ok: false, store: { kind: "redis", up: false } });
    expect(down.ms).toBeLessThan(FAIL_FAST_MS);
    console.info(`store outage: POST /api/chat 503 in ${write.ms.toFixed(0)} ms, GET in ${reading.ms.toFixed(0)} ms, /api/health in ${down.ms.toFixed(0)} ms`);

    // Redis returns (empty: this test server keeps nothing on disk). No restart of the app.
    const returned = performance.now();
    await app.redis.start();
    await expect.poll(async () => (await post(ana.cookie, { message: "after", clientMessageId: "outage-01" })).status, { timeout: 5_000, interval: 50 }).toBe(201);
    const recoveredMs = performance.now() - returned;
    console.info(`store outage: first 201 ${recoveredMs.toFixed(0)} ms after redis-server was started again`);
    expect((await (await health()).json()).store).toEqual({ kind: "redis", up: true });

    // The data did not survive, so the store is a new epoch and ids still never repeat.
    const page = (await (await read(ana.cookie)).json()) as ChatHistory;
    expect(page.epoch).not.toBe(before.message.epoch);
    expect(page.messages.map((m) => m.id)).not.toContain(before.message.id);
    expect(page.messages.map((m) => m.message)).toEqual(["after"]);
  });

  it("never hangs a request on a Redis that accepts connections but stops answering", async () => {
    const ana = await signIn("Ana");
    // SIGSTOP: the socket stays open and silent (a hung host), unlike a crash.
    const pid = await app.inspect().info("server").then((info) => Number(/process_id:(\d+)/.exec(info)![1]));
    process.kill(pid, "SIGSTOP");
    try {
      const stuck = await timed(() => post(ana.cookie, { message: "into the void" }));
      await expectStoreUnavailable(stuck.value);
      expect(stuck.ms).toBeLessThan(FAIL_FAST_MS + 1_000);
      console.info(`store outage: POST /api/chat 503 in ${stuck.ms.toFixed(0)} ms against a silent Redis`);
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await expect.poll(async () => (await post(ana.cookie, { message: "back" })).status, { timeout: 5_000, interval: 50 }).toBe(201);
  });
});
