import "server-only";

import type Redis from "ioredis";
import { afterAll, afterEach, beforeAll } from "vitest";

import { startTestRedis, type TestRedis } from "../../../tests/support/redis-server";
import { createRedisClient } from "./redis";

/** The two store backends every contract suite runs against. */
export const BACKENDS = ["memory", "redis"] as const;
export type BackendKind = (typeof BACKENDS)[number];

export interface RedisForTests {
  /** The running server (kill/start to simulate an outage). */
  server(): TestRedis;
  /**
   * A client on a key prefix no other test uses, so every test starts from
   * an empty store without flushing; or, given `sameDataAs`, a second client
   * on that client's data (another instance, or the app after a restart).
   * Disconnected after the test.
   */
  client(sameDataAs?: Redis): Redis;
}

let prefixes = 0;

/**
 * Starts one real redis-server for the calling test file (stopped in
 * afterAll) and hands out fresh clients. Contract suites use it as
 * `describe.each(BACKENDS)` with a factory that picks memory or
 * `redis.client()`.
 */
export function startRedisForTests(): RedisForTests {
  let server: TestRedis | undefined;
  const open: Redis[] = [];
  beforeAll(async () => {
    server = await startTestRedis();
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.disconnect();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    server: () => server!,
    client: (sameDataAs) => {
      const prefix = sameDataAs?.options.keyPrefix ?? `contract-${process.pid}-${++prefixes}:`;
      const client = createRedisClient(server!.url, prefix);
      open.push(client);
      return client;
    },
  };
}
