import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type Socket } from "node:net";

/**
 * Stand-ins for a misbehaving realtime service, for the web app's tests:
 * a TCP server that accepts and never answers, and a REST API that records
 * what it accepts and fails or stalls calls on demand. Both listen on a
 * loopback port chosen by the system; `close()` ends every connection.
 */

export interface Listening {
  readonly port: number;
  close(): Promise<void>;
}

/** What the settings need to send the app's REST calls to `port` (external mode). */
export function pointAt(port: number): { PUSHER_HOST: string; PUSHER_PORT: string } {
  return { PUSHER_HOST: "127.0.0.1", PUSHER_PORT: String(port) };
}

function listening(server: { listen: (port: number, host: string, done: () => void) => void; address: () => unknown }, close: () => Promise<void>): Promise<Listening> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ port, close });
    });
  });
}

/** Accepts TCP connections, reads what comes and never writes a byte. */
export function startSilentServer(): Promise<Listening & { readonly accepted: number }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createTcpServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.resume();
  });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return listening(server, close).then((base) => ({
    ...base,
    get accepted() {
      return accepted;
    },
  }));
}

/** One event as the REST API received it. */
export interface ReceivedEvent {
  channel: string;
  name: string;
  data: unknown;
}

/** How to answer one trigger call: accept it, refuse it (500), or never answer. */
export type Verdict = "accept" | "fail" | "hang";

export interface FakeRealtimeApi extends Listening {
  /** Events of every accepted trigger call, in arrival order. */
  readonly accepted: ReceivedEvent[];
  /** Trigger calls received, accepted or not. */
  readonly calls: number;
  /** Decides each trigger call from its events; `accept` by default. */
  judge: (events: ReceivedEvent[]) => Verdict;
  /** Milliseconds to wait before answering an accepted or failed call. */
  delayMs: number;
}

function eventsOf(path: string, body: string): ReceivedEvent[] {
  const parsed = JSON.parse(body || "{}") as {
    name?: string;
    channels?: string[];
    data?: string;
    batch?: { channel: string; name: string; data: string }[];
  };
  const decode = (data: string | undefined) => (data === undefined ? undefined : (JSON.parse(data) as unknown));
  if (path.endsWith("/batch_events")) return (parsed.batch ?? []).map((e) => ({ channel: e.channel, name: e.name, data: decode(e.data) }));
  return (parsed.channels ?? []).map((channel) => ({ channel, name: parsed.name ?? "", data: decode(parsed.data) }));
}

/**
 * A Pusher-shaped REST API (no signature checks) that records the events it
 * accepts: `/events`, `/batch_events`, and an empty `/channels`.
 */
export async function startFakeRealtimeApi(): Promise<FakeRealtimeApi> {
  const pending = new Set<ServerResponse>();
  const api = {
    accepted: [] as ReceivedEvent[],
    calls: 0,
    judge: (() => "accept") as FakeRealtimeApi["judge"],
    delayMs: 0,
  };
  const server = createHttpServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = new URL(request.url ?? "/", "http://fake").pathname;
      if (request.method === "GET") {
        response.writeHead(200, { "content-type": "application/json" }).end('{"channels":{}}');
        return;
      }
      api.calls += 1;
      const events = eventsOf(path, Buffer.concat(chunks).toString("utf8"));
      const verdict = api.judge(events);
      if (verdict === "hang") {
        pending.add(response);
        return;
      }
      setTimeout(() => {
        if (verdict === "accept") api.accepted.push(...events);
        response.writeHead(verdict === "accept" ? 200 : 500, { "content-type": "application/json" }).end("{}");
      }, api.delayMs);
    });
  });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const response of pending) response.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const base = await listening(server, close);
  return Object.assign(api, base);
}

/** The accepted events named `name`. */
export function named(api: FakeRealtimeApi, name: string): ReceivedEvent[] {
  return api.accepted.filter((event) => event.name === name);
}
