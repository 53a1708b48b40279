/**
 * Starts CoachPro with one command: `tsx scripts/launch.ts dev|start`.
 *
 * Validates the settings, then starts the web app (next dev / next start) and,
 * in embedded mode, the Pusher-compatible server beside it in its own process
 * on REALTIME_PORT. Both children get the same environment, so in production
 * any per-start secret generated here is shared by the two. Stops both
 * together, whichever way either ends.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

import { loadEnvConfig } from "@next/env";

import { resolveSettings, SettingsError, withGeneratedSecrets, withGeneratedVapidKeys, type Settings } from "../src/config/settings";
import { redactedUrl, waitForRedis } from "./redis-probe";

const STOP_GRACE_MS = 10_000;
const READY_TIMEOUT_MS = 30_000;
/** How long a start waits for Redis (REDIS_URL) before giving up. */
const REDIS_WAIT_MS = 5_000;

const root = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const log = (line: string) => console.log(`coachpro: ${line}`);

function fail(line: string): never {
  console.error(`coachpro: ${line}`);
  process.exit(1);
}

function prepare(command: "dev" | "start"): { env: Record<string, string | undefined>; settings: Settings } {
  const production = command === "start";
  Object.assign(process.env, { NODE_ENV: production ? "production" : "development" });
  loadEnvConfig(root, !production, { info: () => {}, error: console.error });

  let env: Record<string, string | undefined> = { ...process.env };
  if (production) {
    const filled = withGeneratedSecrets(env);
    env = filled.env;
    if (filled.generated.length > 0) {
      log(`generated random per-start values for ${filled.generated.join(", ")} (set them to keep sessions across restarts)`);
    } else {
      log("using the secrets from the environment");
    }
  } else {
    const vapid = withGeneratedVapidKeys(env);
    env = vapid.env;
    if (vapid.generated) {
      log("Web Push: generated VAPID keys for this run; to keep devices subscribed across restarts, add to .env.local:");
      log(`  VAPID_PUBLIC_KEY=${env.VAPID_PUBLIC_KEY}`);
      log(`  VAPID_PRIVATE_KEY=${env.VAPID_PRIVATE_KEY}`);
    }
  }
  try {
    const settings = resolveSettings(env);
    return { env, settings };
  } catch (error) {
    if (error instanceof SettingsError) fail(error.message);
    throw error;
  }
}

function describe(settings: Settings) {
  const where = {
    embedded: `embedded Pusher-compatible server on port ${settings.realtimePort}`,
    hosted: `hosted Pusher Channels, cluster ${settings.pusher.cluster}`,
    external: `external Pusher-compatible server at ${settings.pusher.host}:${settings.pusher.port}`,
  }[settings.mode];
  log(`realtime mode: ${settings.mode} (${where})`);
  if (!settings.production) log("development: missing secrets use local defaults");
  if (settings.production && !settings.adminApiToken) log("ADMIN_API_TOKEN is not set: the admin API refuses every call");
  if (settings.production && !settings.coachAccessCode) log("COACH_ACCESS_CODE is not set: nobody can join as a coach");
  if (!settings.push) log("Web Push is off: set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (npx web-push generate-vapid-keys) to turn it on");
  const { store } = settings;
  log(store.kind === "redis" ? `state: Redis at ${redactedUrl(store.url)} (keys prefixed ${store.prefix})` : "state: in this process's memory (set REDIS_URL to share it and keep it across restarts)");
}

/** Starts the embedded server and resolves once it reports that it listens. */
function startRealtime(env: Record<string, string | undefined>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "src/realtime-server/main.ts")], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the embedded realtime server did not start in time"));
    }, READY_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the embedded realtime server exited during start-up (code ${code})`));
    });
    child.on("message", (message: { type?: string }) => {
      if (message.type !== "ready") return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve(child);
    });
  });
}

function startNext(command: "dev" | "start", settings: Settings, env: Record<string, string | undefined>): ChildProcess {
  const bin = require.resolve("next/dist/bin/next");
  return spawn(process.execPath, [bin, command, "--port", String(settings.port)], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: "inherit" });
}

function stopAll(children: ChildProcess[]): Promise<void> {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  return Promise.all(
    running.map(
      (child) =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
          child.once("exit", () => {
            clearTimeout(force);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  ).then(() => undefined);
}

async function main() {
  const command = process.argv[2];
  if (command !== "dev" && command !== "start") fail("usage: launch.ts dev|start");
  const { env, settings } = prepare(command);
  describe(settings);
  if (settings.store.kind === "redis") {
    try {
      await waitForRedis(settings.store.url, REDIS_WAIT_MS);
    } catch (error) {
      fail(`Cannot reach REDIS_URL: ${(error as Error).message}`);
    }
  }

  const children: ChildProcess[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stopAll(children);
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  if (settings.mode === "embedded") {
    try {
      children.push(await startRealtime(env));
    } catch (error) {
      fail((error as Error).message);
    }
  }
  // A stop signal that came during start-up could not reach the child yet.
  if (stopping) {
    await stopAll(children);
    return;
  }
  children.push(startNext(command, settings, env));
  for (const child of children) {
    child.once("exit", (code, signal) => {
      if (stopping) return;
      log(`a process exited (${signal ?? `code ${code}`}); stopping the others`);
      void shutdown(code === 0 ? 0 : 1);
    });
  }
}

void main();
