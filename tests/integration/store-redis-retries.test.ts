import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { postMessage } from "@/server/chat/chat-service";
import { DELIVERY_LEASE_MS } from "@/server/chat/chat-store";
import { RedisChatStore } from "@/server/chat/redis-chat-store";
import { createRedisClient } from "@/server/store/redis";
import { HttpError } from "@/server/errors";

import { currentInstance, signIn, startAnotherInstance, switchToInstance } from "../support/app";
import { type FakeRealtimeApi, named, pointAt, startFakeRealtimeApi } from "../support/fake-realtime-api";
import { useAppOnRedis } from "../support/redis-app";

async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 201;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

describe("a chat retry that reaches another instance (one Redis)", () => {
  let api: FakeRealtimeApi;
  beforeEach(async () => {
    api = await startFakeRealtimeApi();
  });
  afterEach(() => api.close());
  const app = useAppOnRedis(() => pointAt(api.port));

  it("waits while the first instance is sending new-message, then answers without sending it again", async () => {
    const ana = await signIn("Ana");
    const a = startAnotherInstance();
    const b = currentInstance();
    const json = { message: "one event only", clientMessageId: "c-two-instances" };

    switchToInstance(a);
    api.delayMs = 300; // A's trigger is in flight while the retry reaches B
    const first = postMessage(ana.user, json);
    await expect.poll(() => api.calls).toBe(1);
    switchToInstance(b);
    // B sees the message stored but not yet announced, and A holding the claim:
    // it waits for A's attempt, which went out, and sends nothing.
    const retried = await postMessage(ana.user, json);
    expect(retried).toMatchObject({ created: false, message: { seq: 1 } });
    expect(api.calls).toBe(1);

    expect((await first).created).toBe(true);
    api.delayMs = 0;
    const again = await postMessage(ana.user, json);
    expect(again).toMatchObject({ created: false, message: { seq: 1 } });
    expect(named(api, "new-message")).toHaveLength(1);
    expect(api.calls).toBe(1);
    switchToInstance(a);
  });

  it("lets another instance send it at once when the first one failed to", async () => {
    const ana = await signIn("Ana");
    const a = startAnotherInstance();
    const b = currentInstance();
    const json = { message: "sent by B", clientMessageId: "c-failed-on-a" };

    switchToInstance(a);
    api.judge = () => "fail";
    expect(await statusOf(postMessage(ana.user, json))).toBe(503);
    api.judge = () => "accept";
    switchToInstance(b);
    expect(await statusOf(postMessage(ana.user, json))).toBe(201);
    switchToInstance(a);
    expect(await statusOf(postMessage(ana.user, json))).toBe(201);
    expect(named(api, "new-message").map((event) => (event.data as { message: string }).message)).toEqual(["sent by B"]);
  });

  it("sends it once the claim of an instance that died between storing and sending has lapsed", async () => {
    const ana = await signIn("Ana");
    const json = { message: "orphaned", clientMessageId: "c-orphaned-01" };
    // The instance that took the post stored it (and with it the claim to send) and died.
    const crashed = createRedisClient(app.redis.url, app.prefix);
    try {
      await new RedisChatStore(crashed).append({ userId: ana.user.id, user: ana.user.name, ...json });
    } finally {
      crashed.disconnect();
    }

    const started = Date.now();
    expect(await postMessage(ana.user, json)).toMatchObject({ created: false, message: { seq: 1 } });
    const waited = Date.now() - started;
    expect(waited).toBeLessThan(DELIVERY_LEASE_MS + 1_000);
    expect(named(api, "new-message")).toHaveLength(1);
    console.info(`chat retry after a crash between store and send: delivered after ${waited} ms (lease ${DELIVERY_LEASE_MS} ms)`);
  });
});
