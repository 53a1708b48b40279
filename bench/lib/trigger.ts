/**
 * One REST trigger per broadcast, sent the same way to every rival: a JSON
 * body `{ name, channel, data }` over one keep-alive HTTP agent. The embedded
 * server gets it signed (the shared realtime harness's signer) at its Channels REST path.
 */
import { Agent, request } from "node:http";
import { realtimePath } from "../../src/lib/realtime-routes";
import { signedRestPath } from "../../tests/support/realtime-raw";
import { BENCH_APP, BENCH_CHANNEL, BENCH_EVENT, HOST, type RivalKind } from "./constants";

export interface Trigger {
  /** POSTs one broadcast of `data`; resolves when the server answered 2xx. */
  send(data: string): Promise<void>;
  close(): void;
}

export function createTrigger(kind: RivalKind, port: number): Trigger {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const eventsPath = realtimePath(BENCH_APP.appId, "events");

  const send = (data: string) => {
    const body = JSON.stringify({ name: BENCH_EVENT, channel: BENCH_CHANNEL, data });
    const path = kind === "embedded" ? signedRestPath({ ...BENCH_APP, method: "POST", path: eventsPath, body }) : "/trigger";
    return new Promise<void>((resolve, reject) => {
      const req = request(
        { host: HOST, port, method: "POST", path, agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.once("end", () => ((res.statusCode ?? 500) < 300 ? resolve() : reject(new Error(`trigger answered ${res.statusCode}`))));
        },
      );
      req.once("error", reject);
      req.end(body);
    });
  };
  return { send, close: () => agent.destroy() };
}
