/**
 * The production app for parts (b) and (c): `node --import tsx
 * scripts/launch.ts start` (what `npm start` runs) on free loopback ports,
 * with secrets set by the bench so it can sign in users, post as admin and
 * connect pusher-js clients. The launcher runs in its own process group; stop()
 * ends the launcher, the embedded realtime server and next start together.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { HOST } from "./constants";
import { HttpClient } from "./http-client";
import { commandLine, descendants } from "./proc-cpu";
import { hasExited, killTree, markGroupLeader, stopChild, track } from "./processes";
import { sleep } from "./time";

const ROOT = path.resolve(import.meta.dirname, "../..");
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 12_000;
const MAX_LOG_CHARS = 8_000;
const PROFILE_PRELOAD = pathToFileURL(path.join(import.meta.dirname, "cpu-profile-preload.mjs")).href;

export interface AppSecrets {
  appId: string;
  key: string;
  secret: string;
  adminToken: string;
  coachCode: string;
}

export interface RunningApp {
  port: number;
  realtimePort: number;
  /** What a browser on this app sends as Origin. */
  origin: string;
  secrets: AppSecrets;
  /** pids of the web server (next start) and the embedded realtime server, when /proc can tell. */
  pids: { next?: number; realtime?: number };
  /** With `profileDir`: starts the CPU profilers of the app's processes now. */
  startProfiling(): void;
  stop(): Promise<void>;
}

/** True when a production build exists (`next build` has run). */
export function hasProductionBuild(): boolean {
  return existsSync(path.join(ROOT, ".next", "BUILD_ID"));
}

/** A port the OS reports free on the loopback interface right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface AppOptions {
  /** Write V8 CPU profiles of every process of the app (launcher, realtime, next) into this folder, from startProfiling() on. */
  profileDir?: string;
}

export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  if (!hasProductionBuild()) throw new Error("no production build: run `npx next build` first");
  const [port, realtimePort] = [await freePort(), await freePort()];
  const secrets: AppSecrets = {
    appId: "coachpro-bench",
    key: `bench${randomBytes(8).toString("hex")}`,
    secret: randomBytes(24).toString("hex"),
    adminToken: randomBytes(24).toString("hex"),
    coachCode: randomBytes(8).toString("hex"),
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    // Loopback only: no telemetry calls out.
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    REALTIME_PORT: String(realtimePort),
    PUSHER_APP_ID: secrets.appId,
    NEXT_PUBLIC_PUSHER_KEY: secrets.key,
    PUSHER_SECRET: secrets.secret,
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    ADMIN_API_TOKEN: secrets.adminToken,
    COACH_ACCESS_CODE: secrets.coachCode,
    // Embedded mode whatever the caller's environment says (empty = unset for the settings).
    PUSHER_HOST: "",
    NEXT_PUBLIC_PUSHER_CLUSTER: "",
    // --cpu-prof is refused in NODE_OPTIONS; a preload starts the same profiler.
    ...(options.profileDir
      ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${PROFILE_PRELOAD}`.trim(), BENCH_PROFILE_DIR: options.profileDir }
      : {}),
  };
  const child = track(
    spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/launch.ts"), "start"], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  markGroupLeader(child);
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-MAX_LOG_CHARS));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const stop = () => stopChild(child, () => killTree(child, "SIGTERM"), STOP_GRACE_MS);

  try {
    const http = new HttpClient(port);
    const deadline = performance.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (hasExited(child)) throw new Error(`the app exited during start-up:\n${output}`);
      if (performance.now() > deadline) throw new Error(`the app did not answer /api/health within ${READY_TIMEOUT_MS} ms:\n${output}`);
      const ok = await http.send({ path: "/api/health", timeoutMs: 2_000 }).then(
        (res) => res.status === 200,
        () => false,
      );
      if (ok) break;
      await sleep(200);
    }
    http.close();
  } catch (error) {
    await stop();
    throw error;
  }
  const startProfiling = () => {
    if (options.profileDir) killTree(child, "SIGUSR2");
  };
  const pids: RunningApp["pids"] = {};
  for (const pid of child.pid === undefined ? [] : descendants(child.pid)) {
    const command = commandLine(pid);
    if (command.includes("realtime-server/main.ts")) pids.realtime = pid;
    else if (command.includes("next")) pids.next = pid;
  }
  return { port, realtimePort, origin: `http://${HOST}:${port}`, secrets, pids, startProfiling, stop };
}
