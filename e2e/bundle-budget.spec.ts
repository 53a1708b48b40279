import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { expect, test } from "@playwright/test";

import { FIRST_LOAD_BUDGET_BYTES, firstLoadJs } from "./bundle-size";
import { join } from "./support";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

test.describe("page weight", () => {
  test(`first-load JavaScript of / is at most ${FIRST_LOAD_BUDGET_BYTES / 1024} KB gzip (read from the build)`, async ({}, testInfo) => {
    const load = firstLoadJs("/page");
    testInfo.annotations.push({ type: "first-load JS of /", description: `${kb(load.gzip)} gzip, ${kb(load.brotli)} brotli, ${kb(load.raw)} raw in ${load.files.length} files` });
    console.log(`first-load JS of /: ${kb(load.gzip)} gzip, ${kb(load.brotli)} brotli, ${kb(load.raw)} raw, ${load.files.length} files`);
    expect(load.gzip, load.files.map((file) => `${file.file} ${kb(file.gzip)}`).join("\n")).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
  });

  // Markers that survive minification: each flavour's constructor names.
  const CLASSIC_ZOD = /["'`]Zod(?:Error|Object|String)["'`]/;
  const ZOD_MINI = /["'`]ZodMini(?:Type|Object|String)["'`]/;
  const ZOD_CORE = /["'`]\$ZodType["'`]/;

  test("no zod (classic or mini) and no pusher-js in the first-load scripts", () => {
    for (const { file } of firstLoadJs("/page").files) {
      const source = readFileSync(path.join(process.cwd(), ".next", file), "utf8");
      expect(source, `${file} holds classic zod`).not.toMatch(CLASSIC_ZOD);
      expect(source, `${file} holds zod/mini`).not.toMatch(ZOD_MINI);
      expect(source, `${file} holds zod's core`).not.toMatch(ZOD_CORE);
      expect(source, `${file} holds pusher-js`).not.toMatch(/xhr_streaming|sockjs/);
    }
  });

  test("the browser gets zod/mini in a lazy chunk, and classic zod in no chunk at all", () => {
    const chunks = path.join(process.cwd(), ".next", "static", "chunks");
    const sources = readdirSync(chunks, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".js"))
      .map((file) => ({ file, source: readFileSync(path.join(chunks, file), "utf8") }));
    for (const { file, source } of sources) expect(source, `${file} holds classic zod`).not.toMatch(CLASSIC_ZOD);
    // The test above would pass trivially if the markers no longer matched a build: the signed-in page's schemas must be found.
    expect(sources.some(({ source }) => ZOD_MINI.test(source))).toBe(true);
  });

  test("what a signed-in load of / really downloads (reported, and the pusher-js chunk only after sign-in)", async ({ page }, testInfo) => {
    // Every load from the network, as a first visit would be.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const scripts = new Map<string, number>();
    page.on("requestfinished", async (request) => {
      if (request.resourceType() !== "script") return;
      const sizes = await request.sizes().catch(() => null);
      scripts.set(new URL(request.url()).pathname, Math.max(0, sizes?.responseBodySize ?? 0));
    });
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Join" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    const joinScreen = [...scripts.values()].reduce((a, b) => a + b, 0);

    await join(page, "Weigher");
    await expect(page.getByRole("status")).toHaveText("Connected");
    scripts.clear();
    await page.reload();
    await expect(page.getByRole("status")).toHaveText("Connected");
    await page.waitForLoadState("networkidle");
    const signedIn = [...scripts.values()].reduce((a, b) => a + b, 0);
    const note = `join screen ${kb(joinScreen)}, signed-in chat page ${kb(signedIn)} (gzip as sent, pusher-js included)`;
    testInfo.annotations.push({ type: "JS transferred", description: note });
    console.log(`JS transferred: ${note}`);
    expect(joinScreen).toBeGreaterThan(0);
    expect(joinScreen).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
  });
});
