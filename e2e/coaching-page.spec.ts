import { expect, test } from "@playwright/test";

import { join } from "./support";

test.describe("the coaching page", () => {
  test("loads and says the realtime link is connected", async ({ page }) => {
    await join(page, "Ana");
    await expect(page.getByRole("heading", { name: "Team chat" })).toBeVisible();
    await expect(page.getByText("No messages yet").or(page.getByRole("log", { name: "Chat history" }).getByRole("listitem").first())).toBeVisible();
    await expect(page.getByRole("status")).toHaveText("Connected");
    await expect(page.getByRole("status")).toHaveAttribute("data-state", "connected");
  });

  test("switches tabs by mouse and keeps the choice across a reload", async ({ page }) => {
    await join(page, "Ana");
    const chat = page.getByRole("tab", { name: "Chat" });
    const leaderboard = page.getByRole("tab", { name: "Leaderboard" });
    await expect(chat).toHaveAttribute("aria-selected", "true");

    await leaderboard.click();
    await expect(leaderboard).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tabpanel", { name: "Leaderboard" })).toBeVisible();
    await expect(page).toHaveURL(/\?tab=leaderboard$/);

    await page.reload();
    await expect(page.getByRole("tab", { name: "Leaderboard" })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tabpanel", { name: "Leaderboard" })).toBeVisible();
  });

  test("switches tabs with the keyboard", async ({ page }) => {
    await join(page, "Ana", "athlete", "/?tab=chat");
    await page.getByRole("tab", { name: "Chat" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("tab", { name: "Leaderboard" })).toBeFocused();
    await expect(page.getByRole("tab", { name: "Leaderboard" })).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByRole("tab", { name: "Chat" })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tabpanel", { name: "Chat" })).toBeVisible();
  });

  test("opens the tab a link names", async ({ page }) => {
    await join(page, "Ana", "athlete", "/?tab=leaderboard");
    await expect(page.getByRole("tab", { name: "Leaderboard" })).toHaveAttribute("aria-selected", "true");
    await page.goto("/?tab=nonsense");
    await expect(page.getByRole("tab", { name: "Chat" })).toHaveAttribute("aria-selected", "true");
  });

  test("reports the realtime mode on the health endpoint", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, realtime: "embedded", store: { up: true } });
  });
});
