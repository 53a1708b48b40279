/**
 * The floor: `ws` with the broadcast loop from its README. `POST /trigger`
 * sends the data string to every open client, nothing else.
 */
import { WebSocket, WebSocketServer } from "ws";
import { HOST } from "../lib/constants";
import { createTriggerServer, listenEphemeral } from "./http-body";
import type { RivalServer } from "./rival";

export async function startBareWs(): Promise<RivalServer> {
  const http = createTriggerServer((data) => {
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(data);
  });
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const port = await listenEphemeral(http, HOST);
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
