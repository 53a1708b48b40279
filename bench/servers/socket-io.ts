/**
 * Socket.IO 4 (WebSocket transport only, no compression): every client joins
 * the bench room on connection; `POST /trigger` emits the same data string to
 * the room, as `io.to(room).emit` does in an app.
 */
import { createServer } from "node:http";
import { Server } from "socket.io";
import { BENCH_CHANNEL, BENCH_EVENT, HOST } from "../lib/constants";
import { readBody, reply, triggerData } from "./http-body";
import type { RivalServer } from "./rival";

export async function startSocketIo(): Promise<RivalServer> {
  const http = createServer((req, res) => {
    if (req.method !== "POST" || req.url !== "/trigger") return reply(res, 404, "{}");
    readBody(req).then(
      (body) => {
        const data = triggerData(body);
        if (data === undefined) return reply(res, 400, "{}");
        io.to(BENCH_CHANNEL).emit(BENCH_EVENT, data);
        reply(res, 200, "{}");
      },
      () => reply(res, 400, "{}"),
    );
  });
  const io = new Server(http, { transports: ["websocket"], perMessageDeflate: false, serveClient: false });
  io.on("connection", (socket) => void socket.join(BENCH_CHANNEL));
  await new Promise<void>((resolve) => http.listen(0, HOST, resolve));
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    connections: () => io.engine.clientsCount,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}
