import { expect, test } from "@playwright/test";

import { join, seedLeaderboard } from "./support";

test.describe("focus and keyboard", () => {
  test("after joining, focus is in the message box", async ({ page }) => {
    await join(page, "Keyboard Kim");
    await expect(page.getByRole("textbox", { name: "Message", exact: true })).toBeFocused();
  });

  test("a reload does not move focus into the message box", async ({ page }) => {
    await join(page, "Reloader");
    await page.reload();
    await expect(page.getByRole("tab", { name: "Chat" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Message", exact: true })).not.toBeFocused();
  });

  test("the skip link is the first stop and jumps to the content", async ({ page }) => {
    await join(page, "Skipper");
    await page.reload();
    await expect(page.getByRole("status")).toHaveText("Connected");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
  });

  test("choosing a tab moves focus into its panel; arrows keep it on the tabs", async ({ page }) => {
    await join(page, "Tabber");
    await page.getByRole("tab", { name: "Activity" }).click();
    await expect(page.getByRole("tabpanel", { name: "Activity" })).toBeFocused();
    await page.getByRole("tab", { name: "Activity" }).focus();
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByRole("tab", { name: "Leaderboard" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("tabpanel", { name: "Leaderboard" })).toBeFocused();
  });

  test("every leaderboard row can be reached by keyboard: the scroll box takes focus", async ({ page, request }) => {
    for (let round = 0; round < 4; round += 1) await seedLeaderboard(request, `scroll-${round}-${Date.now().toString(36)}`);
    await join(page, "Scroller", "athlete", "/?tab=leaderboard");
    const box = page.getByRole("region", { name: "Rankings, scrollable" });
    await page.keyboard.press("Tab");
    await box.focus();
    await expect(box).toBeFocused();
    await page.keyboard.press("End");
    await expect(page.getByRole("table", { name: "Rankings" }).getByRole("row").last()).toBeInViewport();
  });
});
