import { expect, test, type Page } from "@playwright/test";

import { join } from "./support";

/** The number on a Monitor card (`—` or `…` read as NaN). */
function cardValue(page: Page, label: string) {
  return page.getByRole("region", { name: "Monitor" }).getByRole("group", { name: label, exact: true }).locator('[data-slot="stat-value"]');
}

test.describe("the Monitor tab", () => {
  test("a coach sees the connection count go up when a second browser joins", async ({ browser }) => {
    const coachContext = await browser.newContext();
    const coach = await coachContext.newPage();
    await join(coach, "Monitor Coach", "coach", "/?tab=monitor");
    const tab = coach.getByRole("tab", { name: "Monitor" });
    await expect(tab).toHaveAttribute("aria-selected", "true");
    await expect(coach.getByRole("status")).toHaveText("Connected");

    // Wait until the monitor has counted the coach's own connection, then read N.
    const connections = cardValue(coach, "Connections");
    await expect.poll(async () => Number(await connections.textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const before = Number(await connections.textContent());
    await expect(coach.getByRole("group", { name: "Connections", exact: true }).getByRole("img")).toBeVisible();
    await expect(coach.getByRole("table", { name: "Channel occupancy" }).getByRole("rowheader", { name: "chat-channel" })).toBeVisible();

    const athleteContext = await browser.newContext();
    const athlete = await athleteContext.newPage();
    await join(athlete, "Second Browser");
    await expect(athlete.getByRole("status")).toHaveText("Connected");

    await expect.poll(async () => Number(await connections.textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 1);

    await athleteContext.close();
    await coachContext.close();
  });

  test("an athlete has no Monitor tab", async ({ page }) => {
    await join(page, "Curious Athlete", "athlete", "/?tab=monitor");
    await expect(page.getByRole("tab", { name: "Chat" })).toBeVisible();
    await expect(page.getByRole("tab", { name: "Monitor" })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Monitor" })).toHaveCount(0);
  });
});
