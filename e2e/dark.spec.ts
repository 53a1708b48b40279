import { expect, test } from "@playwright/test";

import { join } from "./support";

const background = (page: import("@playwright/test").Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

/** Runs in the dark-scheme project: the system says dark. */
test.describe("dark mode", () => {
  test("follows the system setting, with no flash of the light theme before scripts run", async ({ page }) => {
    // Hold back every script file: what shows first is the server's HTML and its inline theme script alone.
    await page.route("**/_next/static/**/*.js", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    await page.goto("/", { waitUntil: "commit" });
    await page.waitForSelector("body main");
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    const early = await background(page);
    await page.unroute("**/_next/static/**/*.js");
    await expect(page.getByRole("button", { name: "Join" })).toBeEnabled();
    expect(early).toBe(await background(page));
    expect(early).not.toBe("rgb(248, 250, 252)");
  });

  test("a theme chosen with the toggle is remembered across visits", async ({ page }) => {
    await join(page, "Night Owl");
    const toggle = page.getByRole("group", { name: "Theme" });
    await toggle.getByRole("button", { name: "Light theme" }).click();
    await expect(page.locator("html")).toHaveClass(/\blight\b/);
    await expect(toggle.getByRole("button", { name: "Light theme" })).toHaveAttribute("aria-pressed", "true");
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/\blight\b/);
    await toggle.getByRole("button", { name: "System theme" }).click();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  });
});
