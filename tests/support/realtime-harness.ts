/**
 * Shared fixtures for the realtime integration tests: a server on an
 * ephemeral port, factories for the real SDKs (`pusher` as the backend,
 * `pusher-js` as a browser), a raw `ws` client for wire-level checks, a
 * hand-signed REST helper, and wait helpers that time out instead of sleeping.
 */
import Pusher from "pusher";
import PusherJS, { type Channel, type Options } from "pusher-js";
import { startRealtimeServer, type RealtimeServer, type RealtimeServerOptions } from "@/realtime-server/server";
import { HOST, RawClient, signedRestPath, TcpClient, withTimeout } from "./realtime-raw";

export {
  eventually,
  joinQuery,
  quietPeriod,
  RawClient,
  signedRestPath,
  startFlood,
  TcpClient,
  withTimeout,
  type Flood,
  type Frame,
} from "./realtime-raw";

export const APP_ID = "test-app";
export const KEY = "test-key";
export const SECRET = "test-secret-value";
const WAIT_MS = 3_000;

interface Bindable {
  bind(event: string, callback: (...args: never[]) => void): unknown;
  unbind(event: string, callback: (...args: never[]) => void): unknown;
}

/** The next `event` on a pusher-js channel, connection or user: resolves with the handler's arguments. */
export function nextEvent<A extends unknown[] = [unknown]>(target: Bindable, event: string, ms = WAIT_MS): Promise<A> {
  let handler: ((...args: A) => void) | undefined;
  const received = new Promise<A>((resolve) => {
    handler = (...args: A) => resolve(args);
    target.bind(event, handler as never);
  });
  return withTimeout(received, `event ${event}`, ms).finally(() => target.unbind(event, handler as never));
}

/** The code of a pusher-js connection `error`: in-band `pusher:error` or a close code. */
export function errorCode(error: unknown): number | undefined {
  const e = error as { data?: { code?: number }; error?: { data?: { code?: number } } } | undefined;
  return e?.data?.code ?? e?.error?.data?.code;
}

export interface ClientIdentity {
  /** Presence `user_id` this client is authorized as. */
  userId?: string;
  userInfo?: Record<string, unknown>;
  /** Return a forged signature instead of the real one. */
  forgeAuth?: boolean;
}

/** The official `pusher` server SDK pointed at a local server. */
export function localBackend(app: { appId: string; key: string; secret: string }, port: number): Pusher {
  return new Pusher({ ...app, host: HOST, port: String(port), useTLS: false });
}

/** A pusher-js client (the browser SDK, run in Node) configured as the app configures it for a local server. */
export function localPusherJs(key: string, port: number, auth: Pick<Options, "channelAuthorization" | "userAuthentication">): PusherJS {
  return new PusherJS(key, { cluster: "mt1", wsHost: HOST, wsPort: port, forceTLS: false, enabledTransports: ["ws"], disableStats: true, ...auth });
}

/** One running server with the SDK factories bound to it; `close()` tears everything down. */
export class Harness {
  readonly clients: PusherJS[] = [];
  readonly raws: RawClient[] = [];
  readonly tcps: TcpClient[] = [];

  private constructor(readonly server: RealtimeServer) {}

  static async start(options: Partial<RealtimeServerOptions> = {}): Promise<Harness> {
    const server = await startRealtimeServer({ appId: APP_ID, key: KEY, secret: SECRET, port: 0, host: HOST, log: () => undefined, ...options });
    return new Harness(server);
  }

  get port(): number {
    return this.server.port;
  }

  /** The official server SDK pointed at this server. */
  newBackend(overrides: { secret?: string; appId?: string } = {}): Pusher {
    return localBackend({ appId: overrides.appId ?? APP_ID, key: KEY, secret: overrides.secret ?? SECRET }, this.port);
  }

  /** A pusher-js client as a browser would configure it, authorized by the backend SDK. */
  newClient(identity: ClientIdentity = {}): PusherJS {
    const backend = this.newBackend();
    const client = localPusherJs(KEY, this.port, {
      channelAuthorization: {
        customHandler: ({ socketId, channelName }, callback) => {
          const presence = channelName.startsWith("presence-")
            ? { user_id: identity.userId ?? "anonymous", user_info: identity.userInfo }
            : undefined;
          const signed = backend.authorizeChannel(socketId, channelName, presence);
          callback(null, identity.forgeAuth ? { ...signed, auth: `${KEY}:${"0".repeat(64)}` } : signed);
        },
      },
      userAuthentication: {
        customHandler: ({ socketId }, callback) => callback(null, backend.authenticateUser(socketId, { id: identity.userId ?? "anonymous" })),
      },
    });
    this.clients.push(client);
    return client;
  }

  /** A connected pusher-js client. */
  async connectedClient(identity: ClientIdentity = {}): Promise<PusherJS> {
    const client = this.newClient(identity);
    if (client.connection.state !== "connected") await nextEvent(client.connection, "connected");
    return client;
  }

  /** `auth` and `channel_data` for a raw client's presence subscription, signed by the backend SDK. */
  presenceAuth(socketId: string, channel: string, userId: string): { auth: string; channel_data: string } {
    const signed = this.newBackend().authorizeChannel(socketId, channel, { user_id: userId });
    return { auth: signed.auth, channel_data: signed.channel_data! };
  }

  /** Open TCP sockets on the server side (WebSocket, REST, handshakes in progress). */
  openSockets(): Promise<number> {
    return this.server.openSockets();
  }

  /** A plain TCP connection to the server, for what no HTTP or WebSocket client will send. */
  async tcp(): Promise<TcpClient> {
    const client = await TcpClient.connect(this.port);
    this.tcps.push(client);
    return client;
  }

  /** A raw WebSocket client on `/app/{key}?protocol=7` (or another path). */
  async raw(path = `/app/${KEY}?protocol=7`): Promise<RawClient> {
    const raw = await RawClient.connect(`ws://${HOST}:${this.port}${path}`);
    this.raws.push(raw);
    return raw;
  }

  /** Disconnects every client and closes the server. */
  async close(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    for (const raw of this.raws) raw.terminate();
    for (const tcp of this.tcps) tcp.socket.destroy();
    await this.server.close();
  }
}

/**
 * Subscribes a pusher-js client; resolves on `pusher:subscription_succeeded`
 * with the channel and the event's data, rejects on `subscription_error` or
 * after `ms`.
 */
export function subscription(client: PusherJS, name: string, ms = WAIT_MS): Promise<{ channel: Channel; data: unknown }> {
  const channel = client.subscribe(name);
  const outcome = new Promise<{ channel: Channel; data: unknown }>((resolve, reject) => {
    const succeeded = (data: unknown) => {
      unbind();
      resolve({ channel, data });
    };
    const failed = (error: unknown) => {
      unbind();
      reject(new Error(`subscription to ${name} failed: ${JSON.stringify(error)}`));
    };
    const unbind = () => {
      channel.unbind("pusher:subscription_succeeded", succeeded);
      channel.unbind("pusher:subscription_error", failed);
    };
    channel.bind("pusher:subscription_succeeded", succeeded);
    channel.bind("pusher:subscription_error", failed);
  });
  return withTimeout(outcome, `subscription to ${name}`, ms);
}

/** Subscribes a pusher-js client and resolves with the channel on success, rejects on `subscription_error`. */
export async function subscribe(client: PusherJS, name: string, ms = WAIT_MS): Promise<Channel> {
  return (await subscription(client, name, ms)).channel;
}

/** A REST call signed by hand, for what the SDK will not send: stale timestamps, a body unlike its md5, 101 channels. */
export async function signedFetch(
  port: number,
  request: {
    method: "GET" | "POST";
    path: string;
    /** The body that is signed (and sent, unless `sentBody` is given). */
    body?: string;
    sentBody?: string;
    timestamp?: number;
    params?: Record<string, string>;
  },
): Promise<Response> {
  const body = request.sentBody ?? request.body;
  return fetch(`http://${HOST}:${port}${signedRestPath({ key: KEY, secret: SECRET, ...request })}`, {
    method: request.method,
    body,
    headers: body ? { "content-type": "application/json" } : {},
  });
}

/** The `status` of a rejected SDK call (`RequestError`). */
export async function statusOf(call: Promise<unknown>): Promise<number | "ok"> {
  try {
    await call;
    return "ok";
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}
