/**
 * Many raw `ws` clients in this process, opened in bounded-concurrency
 * batches, each speaking one rival's protocol (see protocols.ts).
 */
import { WebSocket, type RawData } from "ws";
import { HOST, type RivalKind } from "./constants";
import { PROTOCOLS, type ClientProtocol } from "./protocols";
import { mapConcurrent, withTimeout } from "./time";

export interface ClientPoolOptions {
  kind: RivalKind;
  port: number;
  count: number;
  /** Handshakes in flight at once. */
  concurrency: number;
  /** Called with the data string of every broadcast any client receives, and which client (0-based) got it. */
  onPayload?: (data: string, client: number) => void;
  /** Speak this instead of the rival's protocol (another app, channel or event). */
  protocol?: ClientProtocol;
  /** Per-client bound on opening and completing the handshake. */
  timeoutMs?: number;
}

export interface ClientPool {
  readonly size: number;
  /** Clients whose socket closed after the handshake (the server dropped them). */
  dropped(): number;
  /** Cuts every socket (no closing handshake) and waits for the close events. */
  close(): Promise<void>;
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}

/** Opens `count` clients; resolves once every one is ready to receive, rejects if any fails. */
export async function openClients(options: ClientPoolOptions): Promise<ClientPool> {
  const protocol = options.protocol ?? PROTOCOLS[options.kind];
  const url = `ws://${HOST}:${options.port}${protocol.path}`;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const onPayload = options.onPayload ?? (() => undefined);
  const sockets: WebSocket[] = [];
  let dropped = 0;

  const openOne = (index: number) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    sockets.push(ws);
    const send = (frame: string) => ws.send(frame);
    const ready = new Promise<void>((resolve, reject) => {
      let isReady = false;
      const becomeReady = () => {
        isReady = true;
        resolve();
      };
      ws.on("error", (error) => {
        if (!isReady) reject(error);
      });
      ws.once("close", (code) => {
        if (isReady) dropped += 1;
        else reject(new Error(`closed during the handshake (${code})`));
      });
      if (protocol.readyOnOpen) ws.once("open", becomeReady);
      ws.on("message", (data) => {
        try {
          const frame = text(data);
          if (isReady) {
            const payload = protocol.payload(frame, send);
            if (payload !== undefined) onPayload(payload, index);
          } else if (protocol.handshake(frame, send)) becomeReady();
        } catch (error) {
          if (!isReady) reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    return withTimeout(ready, timeoutMs, `client handshake with ${url}`);
  };

  const close = async () => {
    const closed = sockets.map((ws) => (ws.readyState === WebSocket.CLOSED ? Promise.resolve() : new Promise<void>((resolve) => ws.once("close", () => resolve()))));
    for (const ws of sockets) ws.terminate();
    await withTimeout(Promise.all(closed), 10_000, "closing clients").catch(() => undefined);
  };

  try {
    await mapConcurrent(
      Array.from({ length: options.count }, (_, i) => i),
      options.concurrency,
      openOne,
    );
  } catch (error) {
    await close();
    throw error;
  }
  return { size: options.count, dropped: () => dropped, close };
}
