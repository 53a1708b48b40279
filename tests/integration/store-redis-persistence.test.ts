import { describe, expect, it } from "vitest";

import { GET, POST } from "@/app/api/chat/route";
import type { ChatHistory, NewMessageEvent } from "@/lib/schemas";

import { makeRequest, restartApp, signIn } from "../support/app";
import { useAppOnRedis } from "../support/redis-app";
import { useEmbeddedServer } from "../support/realtime";

const post = (cookie: string, message: string) => POST(makeRequest("/api/chat", { json: { message }, cookie }), undefined);
const history = async (cookie: string) =>
  (await (await GET(makeRequest("/api/chat?limit=100", { method: "GET", cookie }), undefined)).json()) as ChatHistory;

describe("Redis with AOF and appendfsync always (the README's advice for no loss)", () => {
  const realtime = useEmbeddedServer();
  const app = useAppOnRedis(() => ({ REALTIME_PORT: String(realtime.port) }), { appendonly: true, appendfsync: "always" });

  it("keeps every acknowledged message through a kill -9 of Redis and of the app: seq and epoch continue", async () => {
    const ana = await signIn("Ana");
    const acknowledged: NewMessageEvent[] = [];
    for (let i = 1; i <= 15; i += 1) {
      const response = await post(ana.cookie, `message ${i}`);
      expect(response.status).toBe(201);
      acknowledged.push(((await response.json()) as { message: NewMessageEvent }).message);
    }

    await app.redis.kill(); // SIGKILL right after the last acknowledgement
    await app.redis.start();
    restartApp();

    await expect.poll(async () => (await post(ana.cookie, "after")).status, { timeout: 5_000, interval: 50 }).toBe(201);
    const page = await history(ana.cookie);
    expect(page.epoch).toBe(acknowledged[0]!.epoch);
    expect(page.messages.map((m) => m.id).slice(0, 15)).toEqual(acknowledged.map((m) => m.id));
    expect(page.messages.at(-1)).toMatchObject({ seq: 16, message: "after" });
  });
});
