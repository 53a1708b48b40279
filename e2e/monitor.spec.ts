import { expect, test, type Page } from "@playwright/test";

import { join, person } from "./support";

/** A figure on the coaches' monitor (`—` reads as NaN). */
function figure(page: Page, label: string) {
  return page.getByRole("group", { name: label, exact: true }).locator('[data-slot="stat-value"]');
}

test.describe("the coaches' monitor page", () => {
  test("a coach opens it from the header menu and sees, in plain words, people coming online", async ({ browser }) => {
    const coach = await person(browser, "Monitor Coach", "coach");
    await coach.page.getByRole("banner").getByRole("link", { name: "Monitor" }).click();
    await expect(coach.page).toHaveURL(/\/coach$/);
    await expect(coach.page.getByRole("heading", { level: 1, name: "Monitor" })).toBeVisible();
    await expect(coach.page.getByRole("banner").getByRole("link", { name: "Monitor" })).toHaveAttribute("aria-current", "page");
    const status = coach.page.getByRole("list", { name: "Service status" });
    await expect(status).toContainText("Live service: healthy");
    await expect(status).toContainText("Saved data: working");
    await expect(coach.page.getByRole("main")).not.toContainText(/channel|socket|frame|p95|subscription/i);

    const people = figure(coach.page, "People online now");
    await expect.poll(async () => Number(await people.textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
    const before = Number(await people.textContent());
    const athlete = await person(browser, "Second Browser");
    await expect.poll(async () => Number(await people.textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 1);

    // A message from the athlete shows in the last minute's count. The window slides (earlier specs' messages
    // leave it while this runs), so the figure is checked against the stored messages of the last minute,
    // read at the same moment, and must count this one.
    const messages = figure(coach.page, "Messages in the last minute");
    await athlete.page.getByRole("textbox", { name: "Message", exact: true }).fill("Counting me?");
    await athlete.page.getByRole("textbox", { name: "Message", exact: true }).press("Enter");
    await expect(athlete.page.getByRole("main")).toContainText("Counting me?");
    const lastMinute = async () => {
      const { messages: stored } = (await (await coach.page.request.get("/api/chat?limit=100")).json()) as { messages: { message: string; timestamp: string }[] };
      const recent = stored.filter((m) => Date.now() - Date.parse(m.timestamp) <= 60_000);
      return { count: recent.length, mine: recent.some((m) => m.message === "Counting me?") };
    };
    await expect
      .poll(async () => {
        const shown = Number.parseInt((await messages.textContent()) ?? "", 10); // "100+" when capped
        const stored = await lastMinute();
        return stored.mine && shown === stored.count ? "counted" : `shown ${shown}, stored ${stored.count}`;
      }, { timeout: 15_000 })
      .toBe("counted");

    await athlete.context.close();
    await coach.context.close();
  });

  test("an old ?tab=monitor link takes a coach to the page; the tab bar has no Monitor tab", async ({ page }) => {
    await join(page, "Old Link Coach", "coach");
    await expect(page.getByRole("tab", { name: "Monitor" })).toHaveCount(0);
    await page.goto("/?tab=monitor");
    await expect(page).toHaveURL(/\/coach$/);
    await expect(page.getByRole("heading", { level: 1, name: "Monitor" })).toBeVisible();
  });

  test("an athlete has no link to it, is told it is for coaches, and the data route refuses them", async ({ page }) => {
    await join(page, "Curious Athlete");
    await expect(page.getByRole("banner").getByRole("link", { name: "Monitor" })).toHaveCount(0);
    await expect(page.getByRole("tab", { name: "Monitor" })).toHaveCount(0);

    await page.goto("/coach");
    await expect(page.getByRole("heading", { level: 1, name: "Coaches only" })).toBeVisible();
    await expect(page.getByText(/Live service/)).toHaveCount(0);
    await page.getByRole("link", { name: "Back to your team" }).click();
    await expect(page.getByRole("tab", { name: "Chat" })).toHaveAttribute("aria-selected", "true");

    const response = await page.request.get("/api/monitor");
    expect(response.status()).toBe(403);
    expect((await response.json()).error.code).toBe("coach_only");

    await page.goto("/?tab=monitor");
    await expect(page).toHaveURL(/\/\?tab=monitor$/);
    await expect(page.getByRole("tab", { name: "Chat" })).toHaveAttribute("aria-selected", "true");
  });
});
