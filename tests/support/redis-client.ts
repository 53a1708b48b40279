/**
 * A Redis client made the way the app makes its own (createRedisClient: no
 * offline queue, deadlines), returned once it is ready, so a test's first
 * command never meets a connection still being set up.
 */
import type Redis from "ioredis";

import { createRedisClient } from "@/server/store/redis";

const READY_TIMEOUT_MS = 5_000;

/** A client on `prefix` of the server at `url`, connected and ready. */
export async function readyClient(url: string, prefix: string): Promise<Redis> {
  const client = createRedisClient(url, prefix);
  if (client.status === "ready") return client;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.disconnect();
      reject(new Error(`Redis at ${url} was not ready within ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
    client.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return client;
}
