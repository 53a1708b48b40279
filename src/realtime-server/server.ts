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
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { Connection } from "./connection";
import { errorFrame } from "./frames";
import { Hub, type RealtimeStats } from "./hub";
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
  /** One line per event worth knowing (socket errors, bugs). Default: stderr. */
  log?: (line: string) => void;
  /** Add prom-client's process metrics (CPU, memory, event loop) to `/metrics`: for a server alone in its process. */
  processMetrics?: boolean;
}

export interface RealtimeServer {
  /** The port actually listened on. */
  readonly port: number;
  /** Counters for a monitoring view; a fresh snapshot per call. */
  stats(): RealtimeStats;
  /** Closes every client with 4200, stops listening, clears all timers. Idempotent. */
  close(): Promise<void>;
}

/** Options that cannot start a server. */
export class RealtimeOptionsError extends Error {
  override name = "RealtimeOptionsError";
}

/** How long clients get to answer the 4200 close before their sockets are cut. */
const CLOSE_GRACE_MS = 2_000;

/** Starts listening; resolves once the port is bound. */
export async function startRealtimeServer(options: RealtimeServerOptions): Promise<RealtimeServer> {
  const activityTimeoutSeconds = options.activityTimeoutSeconds ?? DEFAULT_ACTIVITY_TIMEOUT_SECONDS;
  const pongTimeoutMs = options.pongTimeoutMs ?? DEFAULT_PONG_TIMEOUT_MS;
  for (const field of ["appId", "key", "secret"] as const) {
    if (!options[field]) throw new RealtimeOptionsError(`${field} is required`);
  }
  if (!(activityTimeoutSeconds > 0)) throw new RealtimeOptionsError("activityTimeoutSeconds must be positive");
  if (!(pongTimeoutMs > 0)) throw new RealtimeOptionsError("pongTimeoutMs must be positive");
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  const hub = new Hub({ processMetrics: options.processMetrics });
  const rest = createRestHandler({ appId: options.appId, key: options.key, secret: options.secret, hub, log });
  const wss = new WebSocketServer({ noServer: true, maxPayload: Limits.FRAME_MAX_BYTES, perMessageDeflate: false });
  let closing: Promise<void> | undefined;

  const accept = (ws: WebSocket, req: IncomingMessage) => {
    const [path = "/", query = ""] = (req.url ?? "/").split("?", 2);
    const refusal = checkHandshake(path, new URLSearchParams(query), options.key);
    if (refusal) {
      hub.metrics.countError("handshake");
      ws.on("error", () => undefined);
      ws.send(errorFrame(refusal.code, refusal.message));
      ws.close(refusal.code, refusal.message.slice(0, 120));
      return;
    }
    new Connection(ws, hub, { key: options.key, secret: options.secret, activityTimeoutSeconds, pongTimeoutMs, log });
  };

  const server = createServer((req, res) => {
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
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => undefined);
    if (closing) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (error) => log(`realtime: server error: ${error.message}`));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;

  const shutdown = async () => {
    const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    await closeSockets([...wss.clients]);
    server.closeAllConnections();
    await httpClosed;
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };

  return {
    port,
    stats: () => hub.stats(),
    close: () => (closing ??= shutdown()),
  };
}

/** Sends 4200 to every socket, waits for them to close, cuts the slow ones. */
async function closeSockets(sockets: WebSocket[]): Promise<void> {
  const closed = sockets.map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once("close", () => resolve()))));
  for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.close(CloseCode.SERVER_CLOSING, "Server shutting down");
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), CLOSE_GRACE_MS)));
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
