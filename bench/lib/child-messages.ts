/** The IPC messages between the bench and a server child. */

export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export type ChildRequest = { id: number; type: "memory" | "connections" | "cpu" } | { type: "stop" };

export type ChildReply =
  | { type: "ready"; port: number }
  | { id: number; type: "memory"; memory: MemoryUsage }
  | { id: number; type: "connections"; connections: number }
  /** process.cpuUsage() of the child: user + system CPU time since it started, µs. */
  | { id: number; type: "cpu"; cpuMicros: number };
