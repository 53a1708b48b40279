/** A small keep-alive HTTP client for the bench's own calls to loopback servers. */
import { Agent, request } from "node:http";
import { HOST } from "./constants";

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface HttpRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
  timeoutMs?: number;
}

export class HttpClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(readonly port: number) {}

  send(call: HttpRequest): Promise<HttpResponse> {
    const body = call.json === undefined ? undefined : JSON.stringify(call.json);
    const headers: Record<string, string> = { ...call.headers };
    if (body !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = request({ host: HOST, port: this.port, method: call.method ?? "GET", path: call.path, headers, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.once("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.once("error", reject);
      });
      req.setTimeout(call.timeoutMs ?? 10_000, () => req.destroy(new Error(`${call.method ?? "GET"} ${call.path} timed out`)));
      req.once("error", reject);
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
