/**
 * Wire-level realtime clients shared by the integration tests and the bench:
 * hand-signed REST paths, wait helpers that time out instead of sleeping, a
 * raw `ws` client that records frames, a plain TCP client, and a flooder in
 * its own process. No SDKs and no test runner here, so bench scripts can
 * import it too.
 */
import { fork } from "node:child_process";
import { EventEmitter, once } from "node:events";
import { createConnection, type Socket } from "node:net";
import WebSocket from "ws";
import { signRestRequest, type RestCall } from "../../src/realtime-server/signature";

export const HOST = "127.0.0.1";
const WAIT_MS = 3_000;
/** The key of the test harness's server (the flooder's default). */
const DEFAULT_KEY = "test-key";

/** `k=v&...` without URL-escaping, as the Channels REST API signs and the `pusher` SDK sends it. */
export function joinQuery(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

/** A REST path with its signed query string (`auth_key`, `auth_timestamp`, `body_md5`, `auth_signature`...). */
export function signedRestPath(call: RestCall): string {
  return `${call.path}?${joinQuery(signRestRequest(call))}`;
}

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
export function startFlood(port: number, frame = '{"event":"pusher:ping","data":{}}', key = DEFAULT_KEY): Flood {
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
