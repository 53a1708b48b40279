/** Starts a server under test in its own Node process and talks to it over IPC. */
import { fork } from "node:child_process";
import path from "node:path";
import type { ChildReply, ChildRequest, MemoryUsage } from "./child-messages";
import type { RivalKind } from "./constants";
import { track, stopChild } from "./processes";
import { withTimeout } from "./time";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ENTRY = path.join(import.meta.dirname, "server-child.ts");
const START_TIMEOUT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 5_000;

export interface ServerProcess {
  readonly kind: RivalKind;
  readonly port: number;
  readonly pid: number;
  /** process.memoryUsage() in the child, after full garbage collections. */
  memory(): Promise<MemoryUsage>;
  /** Open connections as the server counts them. */
  connections(): Promise<number>;
  /** CPU time (user + system) the child has used so far, µs. */
  cpuMicros(): Promise<number>;
  /** Asks the child to close and exit; SIGKILL after a grace period. Idempotent. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Write V8 CPU profiles of the child into a new folder under this one (node --cpu-prof). */
  profileDir?: string;
}

export async function startServerProcess(kind: RivalKind, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  // One folder per child: the tsx loader thread writes a profile of its own beside the main thread's.
  const profile = options.profileDir ? ["--cpu-prof", "--cpu-prof-dir", path.join(options.profileDir, `${kind}-${Date.now()}`)] : [];
  const child = track(
    fork(ENTRY, [kind], {
      cwd: ROOT,
      execArgv: ["--import", "tsx", "--conditions", "react-server", "--expose-gc", ...profile],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  const pending = new Map<number, (reply: ChildReply) => void>();
  let nextId = 1;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= stopChild(child, () => child.send({ type: "stop" } satisfies ChildRequest), STOP_GRACE_MS));

  try {
    const port = await withTimeout(
      new Promise<number>((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`${kind} server exited during start-up (code ${code})`)));
        child.on("message", (reply: ChildReply) => {
          if (reply.type === "ready") resolve(reply.port);
          else pending.get(reply.id)?.(reply);
        });
      }),
      START_TIMEOUT_MS,
      `starting the ${kind} server`,
    );
    const ask = <T extends ChildReply["type"]>(type: T & ("memory" | "connections" | "cpu")) =>
      withTimeout(
        new Promise<Extract<ChildReply, { type: T }>>((resolve) => {
          const id = nextId++;
          pending.set(id, (reply) => {
            pending.delete(id);
            resolve(reply as Extract<ChildReply, { type: T }>);
          });
          child.send({ id, type } satisfies ChildRequest);
        }),
        REQUEST_TIMEOUT_MS,
        `${type} of the ${kind} server`,
      );
    return {
      kind,
      port,
      pid: child.pid ?? -1,
      memory: async () => (await ask("memory")).memory,
      connections: async () => (await ask("connections")).connections,
      cpuMicros: async () => (await ask("cpu")).cpuMicros,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
