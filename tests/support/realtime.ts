import type Pusher from "pusher";
import type PusherJS from "pusher-js";
import { afterAll, beforeAll, beforeEach } from "vitest";

import { DEVELOPMENT_DEFAULTS } from "@/config/settings";
import { startRealtimeServer, type RealtimeServer } from "@/realtime-server/server";

import { resetApp, restoreEnvironment } from "./app";
import { localBackend, localPusherJs, nextEvent as nextChannelEvent, subscription } from "./realtime-harness";

export const APP = {
  appId: DEVELOPMENT_DEFAULTS.PUSHER_APP_ID,
  key: DEVELOPMENT_DEFAULTS.NEXT_PUBLIC_PUSHER_KEY,
  secret: DEVELOPMENT_DEFAULTS.PUSHER_SECRET,
};

/** The embedded server on an ephemeral loopback port, with the development credentials. */
export function startEmbedded(): Promise<RealtimeServer> {
  return startRealtimeServer({ ...APP, port: 0, host: "127.0.0.1" });
}

export type Client = PusherJS;

type AuthHandler = (socketId: string, channelName: string) => Promise<{ auth: string; channel_data?: string }>;

/** A pusher-js client (the browser SDK, run in Node) connected to `port`. */
export function newClient(port: number, authorize?: AuthHandler): Client {
  return localPusherJs(APP.key, port, {
    channelAuthorization: {
      endpoint: "/unused",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => {
        if (!authorize) return callback(new Error("no authorizer"), null);
        authorize(socketId, channelName).then(
          (data) => callback(null, data),
          (error: Error) => callback(error, null),
        );
      },
    },
  });
}

/** The server SDK pointed at `port`. */
export function newBackend(port: number): Pusher {
  return localBackend(APP, port);
}

/** Resolves with the first `event` on `channel`, or rejects after `timeoutMs`. */
export async function nextEvent<T = unknown>(client: Client, channelName: string, event: string, timeoutMs = 5000): Promise<T> {
  const channel = client.channel(channelName) ?? client.subscribe(channelName);
  const [data] = await nextChannelEvent<[T]>(channel, event, timeoutMs);
  return data;
}

/** Subscribes and waits for pusher:subscription_succeeded (or rejects on an error). */
export function subscribed(client: Client, channelName: string, timeoutMs = 5000): Promise<unknown> {
  return subscription(client, channelName, timeoutMs).then(({ data }) => data);
}

/**
 * One embedded server for a test file: started before the first test, closed
 * after the last, and the app pointed at it with fresh settings before each.
 */
export function useEmbeddedServer(): { readonly port: number; readonly server: RealtimeServer } {
  let server: RealtimeServer | undefined;
  beforeAll(async () => {
    server = await startEmbedded();
  });
  afterAll(async () => {
    await server?.close();
    restoreEnvironment();
  });
  beforeEach(() => resetApp({ REALTIME_PORT: String(server!.port) }));
  return {
    get server() {
      return server!;
    },
    get port() {
      return server!.port;
    },
  };
}
