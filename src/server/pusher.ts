import "server-only";

import Pusher from "pusher";

import { instrumentPusher } from "./monitor/app-metrics";
import { getSettings } from "./settings";

const globalForPusher = globalThis as typeof globalThis & { __coachproPusher?: Pusher };

/**
 * The official `pusher` SDK client for the current mode: the same code path
 * whether events go to the embedded server, hosted Pusher or an external one.
 */
export function getPusher(): Pusher {
  if (!globalForPusher.__coachproPusher) {
    const { pusher } = getSettings();
    const client = new Pusher({
      appId: pusher.appId,
      key: pusher.key,
      secret: pusher.secret,
      cluster: pusher.cluster,
      ...(pusher.host ? { host: pusher.host, port: pusher.port } : {}),
      useTLS: pusher.useTLS,
    });
    // Every REST call it makes (triggers, batches, channel queries) is counted for the monitor.
    globalForPusher.__coachproPusher = instrumentPusher(client);
  }
  return globalForPusher.__coachproPusher;
}
