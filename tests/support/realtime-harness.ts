/**
 * Shared fixtures for the realtime integration tests: a server on an
 * ephemeral port, factories for the real SDKs (`pusher` as the backend,
 * `pusher-js` as a browser), a raw `ws` client for wire-level checks, a
 * hand-signed REST helper, and wait helpers that time out instead of sleeping.
 */
import { fork } from "node:child_process";
import { EventEmitter, once } from "node:events";
import { createConnection, type Socket } from "node:net";
import Pusher from "pusher";
import PusherJS, { type Channel } from "pusher-js";
import WebSocket from "ws";
import { signRestRequest } from "@/realtime-server/signature";
import { startRealtimeServer, type RealtimeServer, type RealtimeServerOptions } from "@/realtime-server/server";

export const APP_ID = "test-app";
export const KEY = "test-key";
export const SECRET = "test-secret-value";
const HOST = "127.0.0.1";
const WAIT_MS = 3_000;

/** Rejects after `ms` with a message naming what was awaited. */
export function withTimeout<T>(promise: Promise<T>, label: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Re-checks a condition until it holds (for state the server changes asynchronously). */
export async function eventually(check: () => boolean | Promise<boolean>, label: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A bounded wait used only to assert that something does NOT happen. */
export const quietPeriod = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

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
    return new Pusher({
      appId: overrides.appId ?? APP_ID,
      key: KEY,
      secret: overrides.secret ?? SECRET,
      host: HOST,
      port: String(this.port),
      useTLS: false,
    });
  }

  /** A pusher-js client as a browser would configure it, authorized by the backend SDK. */
  newClient(identity: ClientIdentity = {}): PusherJS {
    const backend = this.newBackend();
    const client = new PusherJS(KEY, {
      cluster: "mt1",
      wsHost: HOST,
      wsPort: this.port,
      forceTLS: false,
      enabledTransports: ["ws"],
      disableStats: true,
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

/** A decoded server frame; string `data` that holds JSON is parsed once. */
export interface Frame {
  event: string;
  channel?: string;
  data?: unknown;
  user_id?: string;
}

/** A `ws` client that records frames and lets a test await the next matching one. */
export class RawClient {
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly queue: Frame[] = [];
  private readonly waiters: Array<{ match: (frame: Frame) => boolean; resolve: (frame: Frame) => void }> = [];
  private autoPong = false;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => this.receive(String(data)));
    ws.on("error", () => undefined);
    this.closed = new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: String(reason) })));
  }

  static async connect(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    const client = new RawClient(ws);
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        ws.once("open", () => resolve());
        ws.once("error", reject);
      }),
      `open ${url}`,
    );
    return client;
  }

  /** Waits for `pusher:connection_established` and returns the socket id. */
  async established(): Promise<string> {
    const frame = await this.next((f) => f.event === "pusher:connection_established");
    return (frame.data as { socket_id: string }).socket_id;
  }

  /** The next frame (optionally matching); frames are consumed in order. */
  next(match: (frame: Frame) => boolean = () => true, ms = WAIT_MS): Promise<Frame> {
    const index = this.queue.findIndex(match);
    if (index !== -1) return Promise.resolve(this.queue.splice(index, 1)[0]!);
    let waiter: { match: (frame: Frame) => boolean; resolve: (frame: Frame) => void } | undefined;
    const found = new Promise<Frame>((resolve) => {
      waiter = { match, resolve };
      this.waiters.push(waiter);
    });
    return withTimeout(found, "a matching frame", ms).finally(() => {
      const position = this.waiters.indexOf(waiter!);
      if (position !== -1) this.waiters.splice(position, 1);
    });
  }

  /** The next frame with this event name (and channel, if given). */
  nextEvent(event: string, channel?: string, ms?: number): Promise<Frame> {
    return this.next((f) => f.event === event && (channel === undefined || f.channel === channel), ms);
  }

  /** Frames received and not yet consumed. */
  pending(): readonly Frame[] {
    return this.queue;
  }

  send(frame: object | string): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Subscribes and waits for success; auth computed by the backend SDK when needed. */
  async subscribe(channel: string, auth?: { auth: string; channel_data?: string }): Promise<Frame> {
    this.send({ event: "pusher:subscribe", data: { channel, ...auth } });
    return this.next((f) => f.channel === channel && (f.event === "pusher_internal:subscription_succeeded" || f.event === "pusher:subscription_error"));
  }

  terminate(): void {
    this.ws.terminate();
  }

  /** Answers every `pusher:ping` from now on, as pusher-js does (the pings are not queued). */
  answerPings(): void {
    this.autoPong = true;
  }

  /**
   * Becomes a half-open peer: stops reading from the socket (and so stops
   * answering anything, the close handshake included) without closing it.
   */
  stopReading(): void {
    this.socket.pause();
  }

  /** The client's TCP socket. */
  get socket(): Socket {
    return (this.ws as unknown as { _socket: Socket })._socket;
  }

  private receive(text: string): void {
    let frame: Frame;
    try {
      frame = JSON.parse(text) as Frame;
    } catch {
      frame = { event: "(unparseable)", data: text };
    }
    if (typeof frame.data === "string") {
      try {
        frame.data = JSON.parse(frame.data) as unknown;
      } catch {
        // keep the string
      }
    }
    if (this.autoPong && frame.event === "pusher:ping") {
      this.send({ event: "pusher:pong", data: {} });
      return;
    }
    const waiter = this.waiters.find((w) => w.match(frame));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(frame);
      return;
    }
    this.queue.push(frame);
  }
}

/** A plain TCP client that records what the server sends and when the server closed the socket. */
export class TcpClient {
  /** Resolves when the socket closes, with the milliseconds it was open. */
  readonly closed: Promise<number>;
  private received = "";

  private constructor(readonly socket: Socket) {
    const openedAt = performance.now();
    socket.on("data", (chunk: Buffer) => (this.received += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    this.closed = new Promise((resolve) => socket.once("close", () => resolve(performance.now() - openedAt)));
  }

  static async connect(port: number): Promise<TcpClient> {
    const socket = createConnection({ host: HOST, port });
    await withTimeout(once(socket, "connect"), `TCP connect to ${port}`);
    return new TcpClient(socket);
  }

  write(text: string | Buffer): void {
    this.socket.write(text);
  }

  /** Everything received so far, as Latin-1 text. */
  text(): string {
    return this.received;
  }
}

/** A child process flooding one WebSocket with frames; see `startFlood`. */
export interface Flood {
  /** Resolves once the flooder's socket is open and the first frames are out. */
  readonly started: Promise<void>;
  /** Resolves with the close code the server sent (the flooder stops then). */
  readonly closed: Promise<number>;
  /** Stops the flooder (kills its process) and resolves with how many frames it sent. */
  stop(): Promise<number>;
}

// Runs in its own Node process, as a hostile client would: sends `frame` as fast as the socket takes
// it, reports "open", the close code, and on request (a message from the parent) the count sent.
const FLOOD_SCRIPT = `
const { WebSocket } = require("ws");
const [url, frame] = process.argv.slice(1);
const ws = new WebSocket(url, { perMessageDeflate: false });
let sent = 0;
ws.on("error", () => undefined);
ws.on("open", () => {
  const pump = () => {
    if (ws.readyState !== WebSocket.OPEN) return;
    while (ws.bufferedAmount < 1 << 20) { ws.send(frame); sent += 1; if (sent % 1000 === 0) break; }
    if (sent === 1000) process.send({ type: "open" });
    setImmediate(pump);
  };
  pump();
});
ws.on("close", (code) => process.send({ type: "closed", code }));
process.on("message", () => process.send({ type: "sent", sent }, () => process.exit(0)));
`;

/**
 * Floods `/app/{key}` on `port` from a separate Node process (so the flood
 * competes for the server's CPU, not the test's), sending `frame` (default a
 * `pusher:ping`) as fast as the socket takes it until stopped or closed.
 */
export function startFlood(port: number, frame = '{"event":"pusher:ping","data":{}}', key = KEY): Flood {
  const child = fork("-e", [FLOOD_SCRIPT, `ws://${HOST}:${port}/app/${key}?protocol=7`, frame], {
    execArgv: [],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    cwd: process.cwd(),
  });
  const messages = new EventEmitter();
  child.on("message", (message: { type: string; code?: number; sent?: number }) => messages.emit(message.type, message));
  const started = withTimeout(once(messages, "open").then(() => undefined), "the flooder to start", 10_000);
  const closed = new Promise<number>((resolve) => messages.once("closed", (message: { code: number }) => resolve(message.code)));
  const exited = once(child, "exit");
  const stop = async () => {
    if (child.exitCode !== null || !child.connected) return 0;
    const reply = withTimeout(once(messages, "sent"), "the flooder's count", 5_000).then(([message]) => (message as { sent: number }).sent);
    child.send("stop");
    const sent = await reply.catch(() => 0);
    if (child.exitCode === null) child.kill();
    await exited;
    return sent;
  };
  return { started, closed, stop };
}

/** Subscribes a pusher-js client and resolves on success, rejects on `subscription_error`. */
export function subscribe(client: PusherJS, name: string): Promise<Channel> {
  const channel = client.subscribe(name);
  const outcome = new Promise<Channel>((resolve, reject) => {
    const succeeded = () => {
      unbind();
      resolve(channel);
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
  return withTimeout(outcome, `subscription to ${name}`);
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
  const params = signRestRequest({ key: KEY, secret: SECRET, ...request });
  const query = Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const body = request.sentBody ?? request.body;
  return fetch(`http://${HOST}:${port}${request.path}?${query}`, {
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
