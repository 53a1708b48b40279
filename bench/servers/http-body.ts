import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads a request body of at most 1 MB as UTF-8. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Parses `{ name, channel, data }` (the body every rival's trigger takes) and returns `data`. */
export function triggerData(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { data?: unknown };
    return typeof parsed.data === "string" ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The HTTP server every rival shares: `POST /trigger` with `{ data }` hands
 * `data` to `broadcast`; anything else is 404, a bad body 400.
 */
export function createTriggerServer(broadcast: (data: string) => void): Server {
  return createServer((req, res) => {
    if (req.method !== "POST" || req.url !== "/trigger") return reply(res, 404, "{}");
    readBody(req).then(
      (body) => {
        const data = triggerData(body);
        if (data === undefined) return reply(res, 400, "{}");
        broadcast(data);
        reply(res, 200, "{}");
      },
      () => reply(res, 400, "{}"),
    );
  });
}

/** Listens on an ephemeral port of `host` and returns the port. */
export async function listenEphemeral(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}
