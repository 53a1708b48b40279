/**
 * The app under test on a real Redis: one redis-server per test file, a key
 * prefix of its own per test (so each starts empty without a flush), fresh
 * in-process state before each test, and every client closed after it.
 */
import Redis from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

import { closeInstances, resetApp, restartApp } from "./app";
import { startTestRedis, type TestRedis } from "./redis-server";

export interface AppOnRedis {
  readonly redis: TestRedis;
  /** This test's key prefix. */
  readonly prefix: string;
  /** Points the app at Redis with the file's settings and `extra` on top, keeping this test's data. */
  configure(extra?: Record<string, string>): void;
  /** A plain client with no prefix, to look at the keys. */
  inspect(): Redis;
}

let tests = 0;

/**
 * `settings`: the rest of the app's environment for each test (where the
 * realtime service is). Call after useEmbeddedServer(), so its beforeEach
 * runs first and this one configures Redis on top.
 */
export function useAppOnRedis(settings: () => Record<string, string>, redisOptions: Parameters<typeof startTestRedis>[0] = {}): AppOnRedis {
  let redis: TestRedis | undefined;
  let prefix = "";
  const raw: Redis[] = [];
  beforeAll(async () => {
    redis = await startTestRedis(redisOptions);
  });
  beforeEach(() => {
    prefix = `api-${process.pid}-${++tests}:`;
    configure();
    restartApp();
  });
  afterEach(() => {
    closeInstances();
    restartApp();
    for (const client of raw.splice(0)) client.disconnect();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  function configure(extra: Record<string, string> = {}) {
    resetApp({ ...settings(), REDIS_URL: redis!.url, REDIS_PREFIX: prefix, ...extra });
  }
  return {
    get redis() {
      return redis!;
    },
    get prefix() {
      return prefix;
    },
    configure,
    inspect: () => {
      const client = new Redis(redis!.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
      raw.push(client);
      return client;
    },
  };
}
