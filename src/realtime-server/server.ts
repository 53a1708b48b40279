/**
 * The embedded Pusher Channels–compatible server: one node:http listener for
 * the REST API (`/apps/{appId}/...`), `GET /health`, `GET /metrics`
 * (Prometheus text) and WebSocket upgrades on `/app/{key}`. Plain Node and
 * `ws`; nothing from Next.
 *
 * `/metrics` is open, as Prometheus scrapers expect (they do not sign
 * requests): it carries only counts, labelled by fixed endpoint, status and
 * error-kind names — never a channel name, user id or socket id. The same
 * numbers as JSON are at the signed `GET /apps/{appId}/stats`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { Connection } from "./connection";
import { PeerSocket } from "./peer-socket";
import { errorFrame } from "./frames";
import { DEFAULT_CLOSE_GRACE_MS, DEFAULT_HANDSHAKE_TIMEOUT_MS, Hub, type RealtimeStats } from "./hub";
import { createLogLimiter } from "./log-limiter";
import { checkHandshake, CloseCode, DEFAULT_ACTIVITY_TIMEOUT_SECONDS, DEFAULT_PONG_TIMEOUT_MS, Limits } from "./protocol";
import { createRestHandler } from "./rest";

export type { RealtimeStats } from "./metrics";

export interface RealtimeServerOptions {
  appId: string;
  key: string;
  secret: string;
  /** 0 picks a free port; read it back from `RealtimeServer.port`. */
  port: number;
  /** Default: all interfaces. */
  host?: string;
  /** Sent in `connection_established`; the server pings a client silent this long. Default 120. */
  activityTimeoutSeconds?: number;
  /** After the server's ping, close 4201 when no pong arrives within this. Default 30 000. */
  pongTimeoutMs?: number;
  /** A socket that has not completed its HTTP request or WebSocket upgrade within this is destroyed. Default 5 000. */
  handshakeTimeoutMs?: number;
  /** A closing WebSocket whose peer does not finish the close handshake within this is cut. Default 2 000. */
  closeGraceMs?: number;
  /** One line per event worth knowing (socket errors, bugs), at most 20 a minute plus a summary. Default: stderr. */
  log?: (line: string) => void;
  /** Add prom-client's process metrics (CPU, memory, event loop) to `/metrics`: for a server alone in its process. */
  processMetrics?: boolean;
}

export interface RealtimeServer {
  /** The port actually listened on. */
  readonly port: number;
  /** Counters for a monitoring view; a fresh snapshot per call. */
  stats(): RealtimeStats;
  /** Open TCP sockets of every kind (WebSocket, REST, handshakes in progress). */
  openSockets(): Promise<number>;
  /** Closes every client with 4200, stops listening, clears all timers. Idempotent. */
  close(): Promise<void>;
}

/** Options that cannot start a server. */
export class RealtimeOptionsError extends Error {
  override name = "RealtimeOptionsError";
}

/** Log lines let through per minute; the rest are counted in one summary line. */
const LOG_LINES_PER_MINUTE = 20;
/** A REST request must be received in full within this (slow-body clients are cut). */
const REQUEST_TIMEOUT_MS = 30_000;

/** Starts listening; resolves once the port is bound. */
export async function startRealtimeServer(options: RealtimeServerOptions): Promise<RealtimeServer> {
  const activityTimeoutSeconds = options.activityTimeoutSeconds ?? DEFAULT_ACTIVITY_TIMEOUT_SECONDS;
  const pongTimeoutMs = options.pongTimeoutMs ?? DEFAULT_PONG_TIMEOUT_MS;
  for (const field of ["appId", "key", "secret"] as const) {
    if (!options[field]) throw new RealtimeOptionsError(`${field} is required`);
  }
  if (!(activityTimeoutSeconds > 0)) throw new RealtimeOptionsError("activityTimeoutSeconds must be positive");
  if (!(pongTimeoutMs > 0)) throw new RealtimeOptionsError("pongTimeoutMs must be positive");
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const closeGraceMs = options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
  if (!(handshakeTimeoutMs > 0)) throw new RealtimeOptionsError("handshakeTimeoutMs must be positive");
  if (!(closeGraceMs > 0)) throw new RealtimeOptionsError("closeGraceMs must be positive");
  // One limiter for everything this server logs: a hostile client cannot fill the disk.
  const log = createLogLimiter({
    log: options.log ?? ((line: string) => process.stderr.write(`${line}\n`)),
    maxLines: LOG_LINES_PER_MINUTE,
    intervalMs: 60_000,
  });

  const hub = new Hub({
    processMetrics: options.processMetrics,
    activityTimeoutMs: activityTimeoutSeconds * 1000,
    pongTimeoutMs,
    handshakeTimeoutMs,
    closeGraceMs,
  });
  const rest = createRestHandler({ appId: options.appId, key: options.key, secret: options.secret, hub, log });
  // Open sockets are tracked by PeerSocket itself (see `track`), not by ws.
  const wss = new WebSocketServer({ noServer: true, maxPayload: Limits.FRAME_MAX_BYTES, perMessageDeflate: false, WebSocket: PeerSocket, clientTracking: false });
  const liveSockets = new Set<PeerSocket>();
  let closing: Promise<void> | undefined;

  // One options object shared by every connection.
  const connectionOptions = { key: options.key, secret: options.secret, activityTimeoutSeconds, log };
  const accept = (ws: PeerSocket, req: IncomingMessage) => {
    // ws now handles the socket's errors itself: one listener fewer per connection.
    req.socket.off("error", ignoreError);
    ws.track(liveSockets);
    const [path = "/", query = ""] = (req.url ?? "/").split("?", 2);
    const refusal = checkHandshake(path, new URLSearchParams(query), options.key);
    if (refusal) {
      hub.metrics.countError("handshake");
      ws.on("error", ignoreError);
      // A refused client gets the handshake deadline to finish the close; one that stops reading is cut then.
      const refused = { destroy: () => ws.terminate() };
      hub.watchHandshake(refused);
      ws.once("close", () => hub.handshakeDone(refused));
      ws.send(errorFrame(refusal.code, refusal.message));
      ws.close(refusal.code, refusal.message.slice(0, 120));
      return;
    }
    new Connection(ws, hub, connectionOptions);
  };

  // Node's own header and request deadlines back up the hub's handshake deadline for keep-alive requests.
  const server = createServer({
    headersTimeout: handshakeTimeoutMs,
    requestTimeout: Math.max(REQUEST_TIMEOUT_MS, handshakeTimeoutMs),
    connectionsCheckingInterval: Math.min(handshakeTimeoutMs, 30_000),
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    hub.handshakeDone(req.socket);
    if (isGet(req, "/", "/health")) {
      sendJson(res, 200, { ok: true });
      return;
    }
    if (isGet(req, "/metrics")) {
      void sendMetrics(res, hub, log);
      return;
    }
    void rest(req, res);
  });
  // Every socket starts with the hub's handshake deadline: one that sends nothing, or stops
  // halfway through its request or upgrade, is destroyed by the hub's sweep.
  // Listeners shared by every socket, not closures made per socket: whatever a
  // listener captures lives as long as the socket does (an upgrade's request did).
  function handshakeSocketClosed(this: Socket): void {
    hub.handshakeDone(this);
  }
  server.on("connection", (socket: Socket) => {
    hub.watchHandshake(socket);
    socket.on("close", handshakeSocketClosed);
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    hub.handshakeDone(req.socket);
    req.socket.off("close", handshakeSocketClosed);
    socket.on("error", ignoreError);
    if (closing) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, accept);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    hub.stop();
    log.close();
    throw error;
  }
  server.on("error", (error) => log(`realtime: server error: ${error.message}`));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;

  const shutdown = async () => {
    const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    const sockets = [...liveSockets];
    // Through the hub, the one way out: every connection leaves its channels and gets 4200.
    hub.disconnectAll(CloseCode.SERVER_CLOSING, "Server shutting down");
    await closeSockets(sockets, closeGraceMs);
    hub.stop();
    log.close();
    server.closeAllConnections();
    await httpClosed;
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };

  return {
    port,
    stats: () => hub.stats(),
    openSockets: () => new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    close: () => (closing ??= shutdown()),
  };
}

/** A socket error listener that keeps an unhandled `error` from throwing; ws reports and closes on its own. */
function ignoreError(): void {}

/** Waits for closing sockets to finish their close handshake; cuts the ones still open after the grace. */
async function closeSockets(sockets: WebSocket[], graceMs: number): Promise<void> {
  const closed = sockets.map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once("close", () => resolve()))));
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), graceMs)));
  const outcome = await Promise.race([Promise.all(closed), grace]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    for (const ws of sockets) ws.terminate();
    await Promise.all(closed);
  }
}

function isGet(req: IncomingMessage, ...paths: string[]): boolean {
  const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
  return req.method === "GET" && paths.includes(path);
}

async function sendMetrics(res: ServerResponse, hub: Hub, log: (line: string) => void): Promise<void> {
  try {
    const { contentType, body } = await hub.metrics.prometheus();
    res.writeHead(200, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
    res.end(body);
  } catch (error) {
    log(`realtime: /metrics failed: ${error instanceof Error ? error.stack : String(error)}`);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end("Internal error\n");
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
