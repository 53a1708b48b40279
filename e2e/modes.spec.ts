import { expect, test } from "@playwright/test";

import { externalPort } from "../playwright.config";
import { ADMIN_TOKEN, join } from "./support";

const external = `http://127.0.0.1:${externalPort}`;

test.describe("external mode", () => {
  test("an app pointed at another Pusher-compatible server starts none of its own and connects there", async ({ page, request }) => {
    expect(await (await request.get(`${external}/api/health`)).json()).toMatchObject({ ok: true, realtime: "external", store: { up: true } });
    // Its own REALTIME_PORT stays closed: no embedded server was started.
    await expect(request.get(`http://127.0.0.1:${externalPort + 3000}/health`, { timeout: 2000 })).rejects.toThrow();

    await join(page, "Ana", "athlete", `${external}/?tab=chat`);
    await expect(page.getByRole("status")).toHaveText("Connected");
    const csp = (await request.get(`${external}/`)).headers()["content-security-policy"];
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
  });

  test("events triggered by one app reach browsers of the other through the shared server", async ({ browser, request }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await join(page, "Ben", "athlete", "/?tab=chat");
    await expect(page.getByRole("status")).toHaveText("Connected");
    const message = `Shared server (${Date.now().toString(36)})`;
    const { user } = await page.evaluate(async () => (await fetch("/api/session")).json());
    const response = await request.post(`${external}/api/pusher`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      data: { channel: `private-user-${user.id}`, event: "notification", data: { title: message } },
    });
    expect(response.status()).toBe(200);
    // The notice the other app stored reaches this browser live, as a toast and in the bell.
    await expect(page.getByRole("region", { name: /^Notifications/ }).getByRole("listitem").filter({ hasText: message })).toBeVisible();
    await expect(page.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
    await context.close();
  });
});
