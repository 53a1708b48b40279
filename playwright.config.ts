import { existsSync } from "node:fs";

import { defineConfig, devices } from "@playwright/test";

// Browser tests run against `next start` (through the same launcher users run)
// on loopback, with Debian's Chromium — Playwright's own browser download is
// not available here.
const port = Number(process.env.E2E_PORT ?? 3210);
const realtimePort = Number(process.env.E2E_REALTIME_PORT ?? 6210);
const chromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (candidate) => candidate && existsSync(candidate),
);

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "npm start",
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      REALTIME_PORT: String(realtimePort),
      COACH_ACCESS_CODE: "e2e-coach-code",
      ADMIN_API_TOKEN: "e2e-admin-token-0123456789",
    },
  },
});
