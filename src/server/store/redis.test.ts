import { ReplyError } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startTestRedis, type TestRedis } from "../../../tests/support/redis-server";
import { StoreUnavailableError } from "../errors";

import { createRedisClient, isRedisReady, redisCall } from "./redis";

describe("redisCall", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it("prefixes keys, answers 503 at once while Redis is gone and resumes by itself when it returns", async () => {
    const client = createRedisClient(redis.url, "test-prefix:");
    try {
      await redisCall(client, (r) => r.set("greeting", "hello"));
      const raw = createRedisClient(redis.url, "");
      expect(await redisCall(raw, (r) => r.get("test-prefix:greeting"))).toBe("hello");
      raw.disconnect();

      await redis.kill();
      const started = Date.now();
      await expect(redisCall(client, (r) => r.get("greeting"))).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(2_500);

      await redis.start();
      await expect.poll(() => isRedisReady(client), { timeout: 5_000 }).toBe(true);
      await redisCall(client, (r) => r.set("greeting", "again"));
      expect(await redisCall(client, (r) => r.get("greeting"))).toBe("again");
    } finally {
      client.disconnect();
    }
  });

  it("answers 503 for a Redis that refuses writes (out of memory under noeviction), and rethrows a bug's reply error", async () => {
    const client = createRedisClient(redis.url, "test-oom:");
    try {
      await redisCall(client, (r) => r.set("text", "hello"));
      await expect(redisCall(client, (r) => r.incr("text"))).rejects.toBeInstanceOf(ReplyError);
      await redisCall(client, (r) => r.config("SET", "maxmemory", "1"));
      try {
        await expect(redisCall(client, (r) => r.set("more", "x".repeat(1000)))).rejects.toBeInstanceOf(StoreUnavailableError);
      } finally {
        await redisCall(client, (r) => r.config("SET", "maxmemory", "0"));
      }
      await redisCall(client, (r) => r.set("more", "fits again"));
    } finally {
      client.disconnect();
    }
  });
});
