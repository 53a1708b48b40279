import { fork, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";

import { newClient, subscribed } from "../support/realtime";
import { freePort } from "../support/free-port";

const root = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];

function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string; stdout: string }> {
  let stderr = "";
  let stdout = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stderr, stdout })));
}

const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "development" } as unknown as NodeJS.ProcessEnv;

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Forks the realtime server on an ephemeral port and waits for its "ready" report. */
async function forkRealtime(env: Partial<NodeJS.ProcessEnv> = {}) {
  const child = fork(path.join(root, "src/realtime-server/main.ts"), [], {
    cwd: root,
    env: { ...baseEnv, REALTIME_PORT: "0", ...env },
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  children.push(child);
  const done = exited(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message: { type?: string; port?: number }) =>
      message.type === "ready" ? resolve(message.port!) : reject(new Error("unexpected message")),
    );
    child.once("exit", () => reject(new Error("exited before ready")));
  });
  return { child, port, done };
}

describe("npm run realtime (src/realtime-server/main.ts)", () => {
  it("serves the protocol alone, then shuts down cleanly on SIGTERM telling clients to reconnect (4200)", async () => {
    const { child, port, done } = await forkRealtime();
    const client = newClient(port);
    await subscribed(client, "chat-channel");
    const states: string[] = [];
    client.connection.bind("state_change", ({ current }: { current: string }) => states.push(current));
    child.kill("SIGTERM");
    const { code, stdout } = await done;
    expect(code).toBe(0);
    expect(stdout).toMatch(/listening on :\d+/);
    // 4200 means "reconnect": pusher-js tries again rather than giving up.
    await expect.poll(() => states.includes("connecting")).toBe(true);
    expect(states).not.toContain("failed");
    client.disconnect();
  });

  it("starts in production with only the app credentials (no session secret)", async () => {
    const credentials = { PUSHER_APP_ID: "prod-app", NEXT_PUBLIC_PUSHER_KEY: "prod-key", PUSHER_SECRET: "a-real-production-secret" };
    const { child, port, done } = await forkRealtime({ NODE_ENV: "production", ...credentials });
    const ws = new WebSocket(`ws://127.0.0.1:${port}/app/${credentials.NEXT_PUBLIC_PUSHER_KEY}?protocol=7`);
    const first = await new Promise<string>((resolve, reject) => {
      ws.once("message", (data: Buffer) => resolve(data.toString()));
      ws.once("error", reject);
    });
    expect(JSON.parse(first)).toMatchObject({ event: "pusher:connection_established" });
    ws.close();
    child.kill("SIGTERM");
    expect((await done).code).toBe(0);
  });

  it("stops when the launcher that started it goes away", async () => {
    const { child, done } = await forkRealtime();
    child.disconnect();
    expect((await done).code).toBe(0);
  });

  it("stops with one line naming a bad setting", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "src/realtime-server/main.ts")], {
      cwd: root,
      env: { ...baseEnv, REALTIME_PORT: "not-a-port" },
    });
    children.push(child);
    const { code, stderr } = await exited(child);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('Invalid setting REALTIME_PORT: expected a port number, got "not-a-port"');
  });
});

describe("the launcher (npm run dev / npm start)", () => {
  it("refuses a bad setting with one line before starting anything", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/launch.ts"), "dev"], {
      cwd: root,
      env: { ...baseEnv, PORT: "70000" },
    });
    children.push(child);
    const { code, stderr } = await exited(child);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('coachpro: Invalid setting PORT: expected a port from 0 to 65535, got "70000"');
  });

  it("refuses a development default secret in production", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/launch.ts"), "start"], {
      cwd: root,
      env: { ...baseEnv, PUSHER_SECRET: "coachpro-development-secret" },
    });
    children.push(child);
    const { code, stderr } = await exited(child);
    expect(code).toBe(1);
    expect(stderr).toContain("Invalid setting PUSHER_SECRET: the development default is not accepted in production");
  });

  it("waits a few seconds for an unreachable REDIS_URL, then stops with one line naming it", async () => {
    const port = await freePort();
    const started = Date.now();
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/launch.ts"), "dev"], {
      cwd: root,
      env: { ...baseEnv, REDIS_URL: `redis://:hunter2@127.0.0.1:${port}`, REALTIME_PORT: "0", PORT: "0" },
    });
    children.push(child);
    const { code, stderr } = await exited(child);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeGreaterThan(4_000);
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^coachpro: Cannot reach REDIS_URL: no answer from redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/? within 5 s/);
    expect(stderr).not.toContain("hunter2");
  });

  it("explains its usage", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/launch.ts"), "serve"], { cwd: root, env: baseEnv });
    children.push(child);
    const { code, stderr } = await exited(child);
    expect(code).toBe(1);
    expect(stderr).toContain("usage: launch.ts dev|start");
  });
});
