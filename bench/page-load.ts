/**
 * (g) Page load: navigation → "Connected" in headless Chromium on `next
 * start`, signed in, as a person opening the team page: from the start of
 * the navigation (performance.timeOrigin) to the moment the header's status
 * says Connected (HTML, scripts, hydration, loading pusher-js, WebSocket
 * handshake). Two kinds of load: "cold", a new browser context each time
 * (empty HTTP cache, a first visit), and "warm", the same context again (the
 * scripts cached, a person coming back). Chromium is Debian's.
 */
import { existsSync } from "node:fs";

import { chromium, type Browser, type BrowserContext } from "playwright-core";

import type { RunningApp } from "./lib/app";
import { newHistogram, summarize, type Summary } from "./lib/histogram";
import { HttpClient } from "./lib/http-client";
import { createSessions } from "./lib/sessions";

export interface PageLoadOptions {
  /** Measured loads of each kind. */
  loads: number;
  /** Unrecorded loads first (the server's first renders warm its caches). */
  warmup: number;
  log: (line: string) => void;
}

export interface PageLoadResult {
  loads: number;
  /** navigation start → status "Connected", ms, empty HTTP cache. */
  connectedMs: Summary;
  /** The same with the scripts in the HTTP cache. */
  warmConnectedMs: Summary;
  /** navigation start → DOMContentLoaded, ms, empty HTTP cache (for comparison). */
  domContentLoadedMs: Summary;
}

const CHROMIUM = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((candidate) => candidate && existsSync(candidate));
const LOAD_TIMEOUT_MS = 15_000;

// Runs in the page before any of its scripts: notes the time the status first reads connected.
const WATCH_STATUS = `
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[role="status"][data-state="connected"]')) return;
    window.__connectedAt = performance.now();
    observer.disconnect();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
`;

async function signedInContext(browser: Browser, app: RunningApp, cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const [name, value] = cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: app.origin }]);
  await context.addInitScript(WATCH_STATUS);
  return context;
}

async function loadOnce(context: BrowserContext, app: RunningApp): Promise<{ connected: number; domContentLoaded: number }> {
  const page = await context.newPage();
  try {
    await page.goto(`${app.origin}/?tab=chat`, { waitUntil: "commit", timeout: LOAD_TIMEOUT_MS });
    await page.waitForFunction(() => (window as unknown as { __connectedAt?: number }).__connectedAt !== undefined, undefined, {
      timeout: LOAD_TIMEOUT_MS,
      polling: 50,
    });
    return await page.evaluate(() => ({
      connected: (window as unknown as { __connectedAt: number }).__connectedAt,
      domContentLoaded: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
    }));
  } finally {
    await page.close();
  }
}

/** Milliseconds as whole µs for the histogram (summarised back in ms). */
const micros = (ms: number) => Math.max(1, Math.round(ms * 1000));

export async function runPageLoad(app: RunningApp, options: PageLoadOptions): Promise<PageLoadResult> {
  if (!CHROMIUM) throw new Error("no Chromium found (set CHROMIUM_PATH or apt-get install chromium)");
  const http = new HttpClient(app.port);
  const [cookie] = await createSessions(app, http, { count: 1, role: "athlete", firstAddress: 60_000 });
  http.close();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
  try {
    const cold = newHistogram();
    const warm = newHistogram();
    const domContentLoaded = newHistogram();
    const returning = await signedInContext(browser, app, cookie!);
    for (let i = 0; i < options.warmup + options.loads; i += 1) {
      const fresh = await signedInContext(browser, app, cookie!);
      const first = await loadOnce(fresh, app).finally(() => fresh.close());
      const again = await loadOnce(returning, app);
      if (i < options.warmup) continue;
      cold.recordValue(micros(first.connected));
      domContentLoaded.recordValue(micros(first.domContentLoaded));
      warm.recordValue(micros(again.connected));
    }
    await returning.close();
    const result = { loads: options.loads, connectedMs: summarize(cold), warmConnectedMs: summarize(warm), domContentLoadedMs: summarize(domContentLoaded) };
    options.log(`page load: ${options.loads} loads each, Connected median ${Math.round(result.connectedMs.p50)} ms cold, ${Math.round(result.warmConnectedMs.p50)} ms warm`);
    return result;
  } finally {
    await browser.close();
  }
}
