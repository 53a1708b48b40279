/**
 * Child-process entry: starts one server under test (argv[2] = embedded |
 * socketio | ws) on a free loopback port, then answers the parent over IPC,
 * so the server's CPU and memory are its own. Exits when the parent asks or
 * goes away.
 */
import { startBareWs } from "../servers/bare-ws";
import { startEmbedded } from "../servers/embedded";
import type { RivalServer } from "../servers/rival";
import { startSocketIo } from "../servers/socket-io";
import type { ChildReply, ChildRequest } from "./child-messages";
import type { RivalKind } from "./constants";

const starters: Record<RivalKind, () => Promise<RivalServer>> = {
  embedded: startEmbedded,
  socketio: startSocketIo,
  ws: startBareWs,
};

/** Full collections until the heap stops shrinking (at most five), so memory reads are comparable. */
function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  let last = Infinity;
  for (let i = 0; i < 5; i += 1) {
    gc();
    const used = process.memoryUsage().heapUsed;
    if (used >= last) break;
    last = used;
  }
}

async function main(): Promise<void> {
  const kind = process.argv[2] as RivalKind;
  const start = starters[kind];
  if (!start) throw new Error(`unknown server kind ${kind}`);
  const server = await start();
  const send = (message: ChildReply) => process.send?.(message);

  process.on("message", (request: ChildRequest) => {
    switch (request.type) {
      case "memory": {
        collect();
        const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
        send({ id: request.id, type: "memory", memory: { rss, heapUsed, heapTotal, external, arrayBuffers } });
        return;
      }
      case "connections":
        send({ id: request.id, type: "connections", connections: server.connections() });
        return;
      case "cpu": {
        const { user, system } = process.cpuUsage();
        send({ id: request.id, type: "cpu", cpuMicros: user + system });
        return;
      }
      case "stop":
        // A normal exit, so --cpu-prof can write its profile.
        server.close().finally(() => process.exit(0));
        return;
    }
  });
  process.once("disconnect", () => process.exit(0));
  send({ type: "ready", port: server.port });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
