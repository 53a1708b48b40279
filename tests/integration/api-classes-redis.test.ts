import { describe, expect, it } from "vitest";

import { GET, POST } from "@/app/api/classes/route";
import { classListSchema, type ClassInfo } from "@/lib/classes";

import { errorOf, makeRequest, restartApp, signIn } from "../support/app";
import { useAppOnRedis } from "../support/redis-app";
import { useEmbeddedServer } from "../support/realtime";

const start = (cookie: string, json: unknown, headers: Record<string, string> = {}) => POST(makeRequest("/api/classes", { json, cookie, headers }), undefined);
const list = (cookie: string) => GET(makeRequest("/api/classes", { method: "GET", cookie }), undefined);

describe("classes on Redis", () => {
  const realtime = useEmbeddedServer();
  const app = useAppOnRedis(() => ({ REALTIME_PORT: String(realtime.port) }));

  it("keeps classes across an app restart, and a retried start stays one class on any instance", async () => {
    const coach = await signIn("Cora", "coach");
    const headers = { "idempotency-key": "redis-start-0001" };
    const first = await start(coach.cookie, { title: "Kept" }, headers);
    expect(first.status).toBe(201);
    const made = ((await first.json()) as { class: ClassInfo }).class;

    restartApp();
    const again = await start(coach.cookie, { title: "Kept" }, headers);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { class: ClassInfo }).class).toEqual(made);
    const listed = classListSchema.parse(await (await list(coach.cookie)).json());
    expect(listed.classes.map((c) => c.id)).toEqual([made.id]);
    expect((await app.inspect().keys(`${app.prefix}classes:*`)).length).toBeGreaterThan(0);
  });

  it("answers 503 with Retry-After while Redis is down, never a 500", async () => {
    const coach = await signIn("Cora", "coach");
    await app.redis.kill();
    try {
      for (const response of [await start(coach.cookie, { title: "Lost?" }), await list(coach.cookie)]) {
        expect(response.status).toBe(503);
        expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
        expect((await errorOf(response)).code).toBe("store_unavailable");
      }
    } finally {
      await app.redis.start();
    }
  });
});
