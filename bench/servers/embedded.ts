/** The project's embedded Pusher-protocol server, triggered through its REST API (`/apps/{appId}/events`). */
import { startRealtimeServer } from "../../src/realtime-server/server";
import { BENCH_APP, HOST } from "../lib/constants";
import type { RivalServer } from "./rival";

const MAX_LOG_LINES = 5;

export async function startEmbedded(): Promise<RivalServer> {
  let logged = 0;
  // Clients cut at the end of a run may log socket errors: show a few, not thousands.
  const log = (line: string) => {
    if (logged++ < MAX_LOG_LINES) process.stderr.write(`${line}\n`);
  };
  const server = await startRealtimeServer({ ...BENCH_APP, port: 0, host: HOST, log });
  return { port: server.port, connections: () => server.stats().connections, close: () => server.close() };
}
