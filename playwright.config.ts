import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { defineConfig, devices } from "@playwright/test";

// Browser tests run against `next start` (through the same launcher users run)
// on loopback, with Debian's Chromium — Playwright's own browser download is
// not available here.
const port = Number(process.env.E2E_PORT ?? 3210);
const realtimePort = Number(process.env.E2E_REALTIME_PORT ?? 6210);
/** The second app, in external mode (e2e/modes.spec.ts). */
export const externalPort = Number(process.env.E2E_EXTERNAL_PORT ?? 3211);

// Both apps share one set of Pusher credentials, so the second can use the first one's realtime server.
const shared = {
  PUSHER_APP_ID: "coachpro-e2e",
  NEXT_PUBLIC_PUSHER_KEY: "coachpro-e2e-key",
  PUSHER_SECRET: "coachpro-e2e-secret-0123456789",
  SESSION_SECRET: "coachpro-e2e-session-secret-0123456789abcdef",
  COACH_ACCESS_CODE: "e2e-coach-code",
  ADMIN_API_TOKEN: "e2e-admin-token-0123456789",
  // A Web Push key pair for the browser tests only.
  VAPID_PUBLIC_KEY: "BNt0p3P2GQ6UthLaVTd8lSc15r1YohfO8xGAnEL6iEoErqk3b-s_ujsKgMFSeDcRmMce-M-thIHaFwRxbI8r39U",
  VAPID_PRIVATE_KEY: "kEp6ZJWJEtuAUMaR9WCO7n8zDOTvqQFsQ1aObKqRmxI",
};

const chromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (candidate) => candidate && existsSync(candidate),
);

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  // One retry on CI only: a test that fails twice fails the run, and one that passes on its retry is listed as flaky.
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
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
        // Calls (e2e/call.spec.ts): a fake camera and microphone, permission granted without a prompt,
        // and plain loopback ICE candidates (mDNS names do not resolve on this machine).
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--disable-features=WebRtcHideLocalIpsWithMdns",
        "--autoplay-policy=no-user-gesture-required",
      ],
    },
  },
  // The functional specs run once, on desktop; the phone and dark runs add
  // focused specs (layout, theme) and the accessibility scan runs in both.
  projects: [
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"] },
      testIgnore: [/phone\.spec\.ts/, /dark\.spec\.ts/],
    },
    {
      name: "phone",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 390, height: 844 },
        screen: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
        userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
      },
      testMatch: [/phone\.spec\.ts/, /a11y\.spec\.ts/],
    },
    {
      name: "dark",
      use: { ...devices["Desktop Chrome"], colorScheme: "dark" },
      testMatch: [/dark\.spec\.ts/],
    },
  ],
  webServer: [
    {
      // Embedded mode: the app and its own realtime server.
      command: "npm start",
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
      env: { ...shared, PORT: String(port), REALTIME_PORT: String(realtimePort), DATA_DIR: path.join(tmpdir(), `coachpro-e2e-${port}`) },
    },
    {
      // External mode: a second app that uses the first one's realtime server.
      command: "npm start",
      url: `http://127.0.0.1:${externalPort}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        ...shared,
        PORT: String(externalPort),
        REALTIME_PORT: String(externalPort + 3000),
        DATA_DIR: path.join(tmpdir(), `coachpro-e2e-${externalPort}`),
        PUSHER_HOST: "127.0.0.1",
        PUSHER_PORT: String(realtimePort),
      },
    },
  ],
});
