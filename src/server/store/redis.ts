import "server-only";

import Redis, { ReplyError } from "ioredis";

import { StoreUnavailableError } from "../errors";
import { getSettings } from "../settings";

/** Every Redis command gets this long before it counts as failed (503). */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;
/** How long the first use of a client waits for its first connection. */
const FIRST_CONNECT_WAIT_MS = 2_000;

/**
 * A Redis client that never hangs a request: commands fail at once while the
 * link is down (no offline queue) and after REDIS_COMMAND_TIMEOUT_MS when
 * Redis stops answering; the client reconnects by itself in the background,
 * so service resumes when Redis returns. Keys carry `prefix`.
 */
export function createRedisClient(url: string, prefix: string): Redis {
  const client = new Redis(url, {
    keyPrefix: prefix,
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    // Keep trying for as long as the process lives, at most once a second.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  // Connection errors are reported through failed commands (503) and /api/health.
  client.on("error", () => undefined);
  return client;
}

const globalForRedis = globalThis as typeof globalThis & { __coachproRedis?: Redis };

/**
 * The process's one Redis client when `REDIS_URL` is set (kept on
 * `globalThis` so dev reloads reuse it), or undefined in memory mode.
 */
export function getSharedRedis(): Redis | undefined {
  const { store } = getSettings();
  if (store.kind !== "redis") return undefined;
  globalForRedis.__coachproRedis ??= createRedisClient(store.url, store.prefix);
  return globalForRedis.__coachproRedis;
}

/** True while the client holds a working connection. */
export function isRedisReady(client: Redis): boolean {
  return client.status === "ready";
}

/**
 * Replies that say Redis cannot serve writes right now (out of memory under
 * noeviction, a read-only replica after a failover, still loading its data,
 * busy with a script): a passing condition, so 503 like a lost link.
 */
const UNAVAILABLE_REPLY = /^(OOM|READONLY|LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|NOREPLICAS|MISCONF)\b/;

/**
 * Runs one store operation against Redis. A client still making its first
 * connection is given a moment; an unreachable, silent or unwritable Redis
 * becomes StoreUnavailableError (503 + Retry-After). Any other Redis reply
 * error (a bug: wrong type, bad script) is rethrown as it is.
 */
export async function redisCall<T>(client: Redis, operation: (redis: Redis) => Promise<T>): Promise<T> {
  // Never ready yet (still connecting, or connected but not yet ready): give its first connection a moment.
  if (client.status !== "ready") await firstConnection(client);
  try {
    return await operation(client);
  } catch (error) {
    if (error instanceof ReplyError && !UNAVAILABLE_REPLY.test((error as Error).message)) throw error;
    console.error(`coachpro: store call failed: ${(error as Error).message}`);
    throw new StoreUnavailableError();
  }
}

const everReady = new WeakSet<Redis>();
/** One wait per client, shared by every call that arrives while it connects. */
const connecting = new WeakMap<Redis, Promise<void>>();

function firstConnection(client: Redis): Promise<void> {
  if (everReady.has(client)) return Promise.resolve();
  let waiting = connecting.get(client);
  if (!waiting) {
    waiting = waitForReady(client).finally(() => connecting.delete(client));
    connecting.set(client, waiting);
  }
  return waiting;
}

async function waitForReady(client: Redis): Promise<void> {
  if (client.status === "wait") void client.connect().catch(() => undefined);
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, FIRST_CONNECT_WAIT_MS);
    client.once("ready", done);
  });
  if (client.status === "ready") everReady.add(client);
}
