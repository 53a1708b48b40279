import { afterEach, describe, expect, it } from "vitest";

import { HttpError } from "./errors";
import { memoryLimiterFactory, POLICIES, redisLimiterFactory, setRateLimiterFactory, takeRateLimit } from "./rate-limit";
import { BACKENDS, startRedisForTests, type BackendKind } from "./store/test-backends";

const redis = startRedisForTests();

async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

describe.each(BACKENDS)("rate limits contract (%s)", (kind: BackendKind) => {
  afterEach(() => setRateLimiterFactory(undefined));
  const use = () => setRateLimiterFactory(kind === "memory" ? memoryLimiterFactory : redisLimiterFactory(redis.client()));

  it("allows the 20th chat post in the window and refuses the 21st with Retry-After", async () => {
    use();
    const { points } = POLICIES.chat;
    for (let i = 1; i < points; i += 1) await takeRateLimit("chat", "ana");
    const last = await takeRateLimit("chat", "ana");
    expect(last).toMatchObject({ "X-RateLimit-Limit": "20", "X-RateLimit-Remaining": "0" });
    const refused = await takeRateLimit("chat", "ana").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(429);
    expect(Number((refused as HttpError).options.headers?.["Retry-After"])).toBeGreaterThan(0);
    expect(await statusOf(takeRateLimit("chat", "ben"))).toBe(200);
    expect(await statusOf(takeRateLimit("session", "ana"))).toBe(200);
  });
});

describe("rate limits in Redis", () => {
  afterEach(() => setRateLimiterFactory(undefined));

  it("are shared by every instance on the same Redis", async () => {
    const first = redis.client();
    const second = redis.client(first);
    for (let i = 0; i < 10; i += 1) {
      setRateLimiterFactory(redisLimiterFactory(i % 2 === 0 ? first : second));
      await takeRateLimit("session", "203.0.113.7");
    }
    setRateLimiterFactory(redisLimiterFactory(second));
    expect(await statusOf(takeRateLimit("session", "203.0.113.7"))).toBe(429);
  });

  it("answer 503 while Redis is unreachable, never letting the request through", async () => {
    setRateLimiterFactory(redisLimiterFactory(redis.client()));
    await takeRateLimit("chat", "ana");
    await redis.server().kill();
    try {
      expect(await statusOf(takeRateLimit("chat", "ana"))).toBe(503);
    } finally {
      await redis.server().start();
    }
  });
});
