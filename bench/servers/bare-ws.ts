/**
 * The floor: `ws` with the broadcast loop from its README. `POST /trigger`
 * sends the data string to every open client, nothing else.
 */
import { createServer } from "node:http";
import { WebSocket, WebSocketServer } from "ws";
import { HOST } from "../lib/constants";
import { readBody, reply, triggerData } from "./http-body";
import type { RivalServer } from "./rival";

export async function startBareWs(): Promise<RivalServer> {
  const http = createServer((req, res) => {
    if (req.method !== "POST" || req.url !== "/trigger") return reply(res, 404, "{}");
    readBody(req).then(
      (body) => {
        const data = triggerData(body);
        if (data === undefined) return reply(res, 400, "{}");
        for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(data);
        reply(res, 200, "{}");
      },
      () => reply(res, 400, "{}"),
    );
  });
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  await new Promise<void>((resolve) => http.listen(0, HOST, resolve));
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    connections: () => wss.clients.size,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
