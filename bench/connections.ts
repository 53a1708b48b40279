/**
 * (e) Connections: many idle protocol connections (handshake done, one
 * channel subscribed) against a server in its own process. Reports the
 * server's memory per connection (RSS and JS heap + external, measured in
 * the child after full GCs, before and after) and the time to open them all.
 */
import { openClients } from "./lib/clients";
import { RIVAL_LABELS, type RivalKind } from "./lib/constants";
import { openFilesLimit } from "./lib/limits";
import { startServerProcess } from "./lib/server-process";
import { sleep } from "./lib/time";

export interface ConnectionsOptions {
  count: number;
  /** Handshakes in flight at once. */
  concurrency: number;
  /** Then this long with every connection idle before a second reading (0: none). */
  idleSeconds: number;
  rivals: RivalKind[];
  log: (line: string) => void;
}

export interface ConnectionsRow {
  rival: RivalKind;
  label: string;
  connections: number;
  openSeconds: number;
  /** Connections opened per second. */
  openRate: number;
  /** Server RSS growth per connection, bytes, right after the last connection opened. */
  rssPerConnection: number;
  /**
   * The same after `idleSeconds` with every connection idle (full
   * collections before both readings): with allocation quiet, V8 gives back
   * the young generation that the burst of opening grew, so this is what
   * idle connections keep. Undefined when not measured.
   */
  idleRssPerConnection?: number;
  idleSeconds?: number;
  /** Server JS heap + external (incl. array buffers) growth per connection, bytes. */
  heapPerConnection: number;
  serverRssMb: number;
}

const MB = 1024 * 1024;

/** File descriptors kept free for everything else the bench process holds open. */
const SPARE_FILES = 1_000;

export async function runConnections(options: ConnectionsOptions): Promise<ConnectionsRow[]> {
  // Each connection costs one descriptor here and one in the server: stay under `ulimit -n`, never raise it.
  const limit = openFilesLimit() ?? Infinity;
  const count = Math.max(1, Math.min(options.count, limit - SPARE_FILES));
  if (count < options.count) options.log(`connections: ulimit -n is ${limit}, opening ${count} instead of ${options.count}`);
  const rows: ConnectionsRow[] = [];
  for (const rival of options.rivals) {
    options.log(`connections: ${count} idle clients on ${RIVAL_LABELS[rival]}`);
    rows.push(await measure(rival, { ...options, count }));
  }
  return rows;
}

async function measure(rival: RivalKind, options: ConnectionsOptions): Promise<ConnectionsRow> {
  const server = await startServerProcess(rival);
  let pool: Awaited<ReturnType<typeof openClients>> | undefined;
  try {
    const before = await server.memory();
    const start = performance.now();
    pool = await openClients({ kind: rival, port: server.port, count: options.count, concurrency: options.concurrency, timeoutMs: 60_000 });
    const openSeconds = (performance.now() - start) / 1000;
    // The server may count the last connections a moment after their handshake answer.
    let seen = await server.connections();
    for (const deadline = performance.now() + 5_000; seen < options.count && performance.now() < deadline; ) {
      await sleep(50);
      seen = await server.connections();
    }
    if (seen !== options.count) throw new Error(`${rival} server counts ${seen} connections, expected ${options.count}`);
    const after = await server.memory();
    const heap = (usage: typeof before) => usage.heapUsed + usage.external;
    let idle: typeof after | undefined;
    if (options.idleSeconds > 0) {
      await sleep(options.idleSeconds * 1000);
      idle = await server.memory();
    }
    return {
      rival,
      label: RIVAL_LABELS[rival],
      connections: options.count,
      openSeconds: Math.round(openSeconds * 100) / 100,
      openRate: Math.round(options.count / openSeconds),
      rssPerConnection: Math.round((after.rss - before.rss) / options.count),
      heapPerConnection: Math.round((heap(after) - heap(before)) / options.count),
      ...(idle ? { idleRssPerConnection: Math.round((idle.rss - before.rss) / options.count), idleSeconds: options.idleSeconds } : {}),
      serverRssMb: Math.round((after.rss / MB) * 10) / 10,
    };
  } finally {
    await pool?.close();
    await server.stop();
  }
}
