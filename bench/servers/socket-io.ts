/**
 * Socket.IO 4 (WebSocket transport only, no compression): every client joins
 * the bench room on connection; `POST /trigger` emits the same data string to
 * the room, as `io.to(room).emit` does in an app.
 */
import { Server } from "socket.io";
import { BENCH_CHANNEL, BENCH_EVENT, HOST } from "../lib/constants";
import { createTriggerServer, listenEphemeral } from "./http-body";
import type { RivalServer } from "./rival";

export async function startSocketIo(): Promise<RivalServer> {
  const http = createTriggerServer((data) => {
    io.to(BENCH_CHANNEL).emit(BENCH_EVENT, data);
  });
  const io = new Server(http, { transports: ["websocket"], perMessageDeflate: false, serveClient: false });
  io.on("connection", (socket) => void socket.join(BENCH_CHANNEL));
  const port = await listenEphemeral(http, HOST);
  return {
    port,
    connections: () => io.engine.clientsCount,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}
