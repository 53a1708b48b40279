import "server-only";

import { getSettings } from "../settings";
import { getSharedRedis, redisCall } from "./redis";

export interface StoreHealth {
  kind: "memory" | "redis";
  up: boolean;
}

/**
 * Whether the store answers: memory always does; Redis must answer a PING
 * within the command deadline (at once "down" while the link is lost).
 */
export async function checkStoreHealth(): Promise<StoreHealth> {
  const { store } = getSettings();
  const redis = getSharedRedis();
  if (store.kind === "memory" || !redis) return { kind: "memory", up: true };
  try {
    await redisCall(redis, (r) => r.ping());
    return { kind: "redis", up: true };
  } catch {
    // redisCall has logged why; health reports it as "down" (503).
    return { kind: "redis", up: false };
  }
}
