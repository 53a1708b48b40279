import { expect, test } from "@playwright/test";

import { COACH_CODE, join } from "./support";

test.describe("joining and signing out", () => {
  test("an athlete joins, sees their name in the header, and signs out", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByLabel("Access code")).toHaveCount(0);
    await join(page, "  Ana Silva  ");
    await expect(page.getByRole("banner")).toContainText("Ana Silva");
    await expect(page.getByRole("banner")).toContainText("athlete");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("button", { name: "Join" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("button", { name: "Join" })).toBeVisible();
  });

  test("the session survives a reload and is an httpOnly cookie", async ({ page, context }) => {
    await join(page, "Ben");
    await page.reload();
    await expect(page.getByRole("banner")).toContainText("Ben");
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: "coachpro_session", httpOnly: true, sameSite: "Lax", secure: true });
    expect(await page.evaluate(() => document.cookie)).not.toContain("coachpro_session");
  });

  test("a coach needs the access code", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Name").fill("Cora");
    await page.getByLabel("Role").selectOption("coach");
    await page.getByLabel("Access code").fill("wrong-code");
    await page.getByRole("button", { name: "Join" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "access code" })).toHaveText("That coach access code is not right.");

    await page.getByLabel("Access code").fill(COACH_CODE);
    await page.getByRole("button", { name: "Join" }).click();
    await expect(page.getByRole("banner")).toContainText("coach");
  });

  test("explains a bad name before sending it", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Name").fill("x".repeat(41));
    await page.getByRole("button", { name: "Join" }).click();
    await expect(page.getByText("Name must be at most 40 characters.")).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  });

  test("pages carry the security headers, with the realtime origin in the CSP", async ({ request }) => {
    const response = await request.get("/");
    const headers = response.headers();
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    const csp = headers["content-security-policy"] ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  });
});

test.describe("per-address limits", () => {
  test("a client cannot choose its own address: the server records the real peer itself", async ({ playwright, baseURL }) => {
    // From loopback (a trusted proxy position) X-Forwarded-For decides the key,
    // even when the client also forges the peer header the server fills in.
    const origin = new URL(baseURL!).origin;
    const tag = 1 + Math.floor(Math.random() * 200);
    for (let i = 0; i < 12; i += 1) {
      const api = await playwright.request.newContext({
        baseURL,
        extraHTTPHeaders: { origin, "x-coachpro-peer": "203.0.113.5", "x-forwarded-for": `198.18.${tag}.${i + 1}` },
      });
      const response = await api.post("/api/session", { data: { name: `Peer ${i}`, role: "athlete" } });
      expect(response.status(), `join ${i + 1}`).toBe(201);
      await api.dispose();
    }
  });
});
