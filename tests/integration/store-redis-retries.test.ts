import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { postMessage } from "@/server/chat/chat-service";
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
  useAppOnRedis(() => pointAt(api.port));

  it("does not send new-message while the first instance is sending it, nor after it went out", async () => {
    const ana = await signIn("Ana");
    const a = startAnotherInstance();
    const b = currentInstance();
    const json = { message: "one event only", clientMessageId: "c-two-instances" };

    switchToInstance(a);
    api.delayMs = 300; // A's trigger is in flight while the retry reaches B
    const first = postMessage(ana.user, json);
    await expect.poll(() => api.calls).toBe(1);
    switchToInstance(b);
    // B sees the message stored but not yet announced, and A holding the claim: 503, no second send.
    expect(await statusOf(postMessage(ana.user, json))).toBe(503);
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
});
