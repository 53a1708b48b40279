/**
 * Extra CoachPro apps for the browser tests that restart, crash or double
 * the web app: each is `npm start`'s launcher (`node --import tsx
 * scripts/launch.ts start`, needs `next build`) in its own process group on
 * ports chosen here, stopped by its process id — never by name. Every app
 * started is stopped by `stopAll()`, which the specs call in afterAll.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import { freePort } from "../tests/support/free-port";

// Playwright runs from the project root (where playwright.config.ts is).
const ROOT = process.cwd();
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const MAX_LOG_CHARS = 6_000;

/** Credentials every app of one test shares (so they can share a realtime server and sessions). */
export const EXTRA_APP_SECRETS = {
  PUSHER_APP_ID: "coachpro-e2e-extra",
  NEXT_PUBLIC_PUSHER_KEY: "coachpro-e2e-extra-key",
  PUSHER_SECRET: "coachpro-e2e-extra-secret-0123456789",
  SESSION_SECRET: "coachpro-e2e-extra-session-secret-0123456789abcdef",
  COACH_ACCESS_CODE: "e2e-extra-coach-code",
  ADMIN_API_TOKEN: "e2e-extra-admin-token-0123456789",
} as const;

export interface AppSettings {
  port: number;
  /** The embedded realtime server's port (embedded mode), or unused (external mode). */
  realtimePort: number;
  /** Redis (REDIS_URL, REDIS_PREFIX); memory when absent. */
  redis?: { url: string; prefix: string };
  /** External mode: the realtime server of another app. */
  pusherPort?: number;
}

export interface ExtraApp {
  readonly settings: AppSettings;
  readonly origin: string;
  /** SIGTERM to the whole group (launcher, realtime server, next start), SIGKILL after a grace period. */
  stop(): Promise<void>;
  /** SIGKILL to the whole group at once: a crash, nothing gets to finish. */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();

function environment(settings: AppSettings): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...EXTRA_APP_SECRETS,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(settings.port),
    REALTIME_PORT: String(settings.realtimePort),
    PUSHER_HOST: settings.pusherPort === undefined ? "" : "127.0.0.1",
    PUSHER_PORT: settings.pusherPort === undefined ? "" : String(settings.pusherPort),
    NEXT_PUBLIC_PUSHER_CLUSTER: "",
    REDIS_URL: settings.redis?.url ?? "",
    REDIS_PREFIX: settings.redis?.prefix ?? "",
  };
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || exited(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function endGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (exited(child)) {
    signalGroup(child, "SIGKILL");
    return;
  }
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(child, signal);
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), signal === "SIGKILL" ? 0 : STOP_GRACE_MS);
  await gone;
  clearTimeout(timer);
  // The launcher may be gone before its children: make sure none stays.
  signalGroup(child, "SIGKILL");
  running.delete(child);
}

/** Starts an app with `settings` and resolves once /api/health answers 200. */
export async function startExtraApp(settings: AppSettings): Promise<ExtraApp> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/launch.ts"), "start"], {
    cwd: ROOT,
    env: environment(settings),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-MAX_LOG_CHARS));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const origin = `http://127.0.0.1:${settings.port}`;
  const app: ExtraApp = { settings, origin, stop: () => endGroup(child, "SIGTERM"), kill: () => endGroup(child, "SIGKILL") };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited(child)) throw new Error(`the app on port ${settings.port} exited during start-up:\n${output}`);
    if (Date.now() > deadline) {
      await app.kill();
      throw new Error(`the app on port ${settings.port} did not answer /api/health within ${READY_TIMEOUT_MS} ms:\n${output}`);
    }
    const ok = await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return app;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Ports for one app: web and realtime. */
export async function appPorts(): Promise<{ port: number; realtimePort: number }> {
  return { port: await freePort(), realtimePort: await freePort() };
}

/** Stops every app still running (afterAll). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => endGroup(child, "SIGKILL")));
}
