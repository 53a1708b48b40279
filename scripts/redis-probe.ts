/**
 * Start-up check for `REDIS_URL`: the launcher waits a few seconds for Redis
 * to answer PING before it starts anything, so a wrong URL or a Redis that is
 * down stops the start with one line instead of a web app answering 503.
 */
import Redis from "ioredis";

/** Resolves once Redis answers PING; rejects after `withinMs` of trying. */
export async function waitForRedis(url: string, withinMs: number): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    connectTimeout: Math.min(withinMs, 1_000),
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  const deadline = Date.now() + withinMs;
  try {
    for (;;) {
      try {
        if (client.status !== "ready") await client.connect();
        await client.ping();
        return;
      } catch (error) {
        client.disconnect();
        if (Date.now() + 250 > deadline) throw new Error(`no answer from ${redactedUrl(url)} within ${withinMs / 1000} s (${(error as Error).message})`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  } finally {
    client.disconnect();
  }
}

/** The URL without its password, for logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the configured URL";
  }
}
