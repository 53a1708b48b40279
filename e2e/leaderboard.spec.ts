import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { ADMIN_TOKEN, person } from "./support";

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** The athletes' rows of the rankings table (its header row left out). */
const rankRows = (page: Page) => page.getByRole("table", { name: "Rankings" }).getByRole("row").filter({ has: page.getByRole("rowheader") });

async function award(request: APIRequestContext, data: unknown) {
  const response = await request.post("/api/leaderboard", { headers: admin, data });
  expect(response.status(), await response.text()).toBe(200);
}

test.describe("live leaderboard", () => {
  test.beforeEach(async ({ request }) => {
    expect((await request.delete("/api/leaderboard", { headers: admin })).status()).toBe(200);
  });

  test("an API update moves #5 to #1 and another browser shows it with up 4 within 3 s", async ({ browser, request }) => {
    await award(request, {
      updates: ["Ana", "Ben", "Cy", "Dee", "Eve"].map((name, i) => ({ userId: `lb-${name}`, points: 500 - i * 100, name })),
    });
    const { page, context } = await person(browser, "Watcher", "athlete", "/?tab=leaderboard");
    const rows = rankRows(page);
    await expect(rows.nth(4)).toContainText("Eve");
    const headers = page.getByRole("table", { name: "Rankings" }).getByRole("columnheader");
    for (const [i, name] of ["Rank", "Athlete", "Points", "Movement"].entries()) await expect(headers.nth(i)).toHaveAccessibleName(name);

    await award(request, { userId: "lb-Eve", points: 1000 });
    const first = rows.first();
    await expect(first).toContainText("Eve", { timeout: 3000 });
    await expect(first.getByRole("img", { name: "up 4" })).toBeVisible({ timeout: 3000 });
    await expect(first.getByRole("rowheader")).toHaveAccessibleName("Eve");
    await expect(first.getByRole("cell")).toHaveText(["1", "1,100pts points", "4"]);
    await expect(page.getByRole("list", { name: "Podium" }).getByRole("listitem").first()).toHaveAccessibleName("First: Eve, rank 1, 1,100 points");
    await expect(rows.nth(1).getByRole("img", { name: "down 1" })).toBeVisible();
    await context.close();
  });

  for (const reducedMotion of ["no-preference", "reduce"] as const) {
    test(`rows ${reducedMotion === "reduce" ? "jump without gliding when motion is reduced" : "glide to their new places"}`, async ({ browser, request }) => {
      await award(request, { updates: ["Ana", "Ben", "Cy"].map((name, i) => ({ userId: `m-${name}`, points: 300 - i * 100, name })) });
      const { page, context } = await person(browser, "Watcher", "athlete", "/?tab=leaderboard");
      await page.emulateMedia({ reducedMotion });
      const rows = rankRows(page);
      await expect(rows).toHaveCount(3);
      // Count the row animations started while Cy moves from #3 to #1.
      await page.evaluate(() => {
        const started: number[] = [];
        (window as unknown as { started: number[] }).started = started;
        const original = Element.prototype.animate;
        Element.prototype.animate = function (...args: Parameters<Element["animate"]>) {
          started.push(1);
          return original.apply(this, args);
        };
      });
      await award(request, { userId: "m-Cy", points: 500 });
      await expect(rows.first()).toContainText("Cy");
      const started = await page.evaluate(() => (window as unknown as { started: number[] }).started.length);
      if (reducedMotion === "reduce") expect(started).toBe(0);
      else expect(started).toBeGreaterThanOrEqual(3);
      await context.close();
    });
  }

  test("ties share a rank, marked T-2", async ({ browser, request }) => {
    await award(request, {
      updates: [
        { userId: "t-a", points: 100, name: "Alpha" },
        { userId: "t-b", points: 90, name: "Bravo" },
        { userId: "t-c", points: 90, name: "Charlie" },
        { userId: "t-d", points: 80, name: "Delta" },
      ],
    });
    const { page, context } = await person(browser, "Watcher", "athlete", "/?tab=leaderboard");
    const rank = rankRows(page).getByRole("cell").first();
    await expect(rankRows(page).filter({ has: page.getByRole("cell", { name: "T-2", exact: true }) })).toHaveCount(2);
    await expect(rankRows(page).filter({ has: page.getByRole("cell", { name: "4", exact: true }) })).toHaveCount(1);
    await expect(rank).toHaveText("1");
    await context.close();
  });

  test("a coach awards points with the form; the athlete sees their row move and one notice with the reason", async ({ browser, request }) => {
    await award(request, { updates: [{ userId: "c-top", points: 50, name: "Top Dog" }] });
    const athlete = await person(browser, "Sam", "athlete", "/?tab=leaderboard");
    await expect(athlete.page.getByRole("form", { name: "Award points" })).toHaveCount(0);
    const coach = await person(browser, "Cora", "coach", "/?tab=leaderboard");

    await coach.page.getByRole("combobox", { name: "Athlete" }).fill("Sam");
    await coach.page.getByRole("option", { name: "Sam new" }).click();
    await coach.page.getByLabel("Points", { exact: true }).fill("70");
    await coach.page.getByLabel(/^Reason/).fill("Sprint personal best");
    await coach.page.getByRole("button", { name: "Award" }).click();
    await expect(coach.page.getByText("+70 for Sam (Sprint personal best).")).toBeVisible();
    await expect(coach.page.getByRole("combobox", { name: "Athlete" })).toHaveValue("");

    const mine = rankRows(athlete.page).first();
    await expect(mine).toContainText("Sam");
    await expect(mine).toHaveAttribute("aria-current", "true");
    // The award's notice (the notifications' UI shows it) and the reason in the athlete's own history.
    await expect(athlete.page.getByRole("button", { name: /^Notifications, \d+ unread/ })).toBeVisible();
    const notice = athlete.page.getByRole("region", { name: /^Notifications/ }).getByRole("listitem");
    await expect(notice).toHaveCount(1);
    await expect(notice).toContainText("+70 points — now #1");
    await expect(notice).toContainText("Sprint personal best");
    await coach.context.close();
    await athlete.context.close();
  });

  test("athletes cannot award points through the API either", async ({ browser }) => {
    const athlete = await person(browser, "Sam", "athlete", "/?tab=leaderboard");
    const response = await athlete.page.request.post("/api/leaderboard", {
      data: { userId: "anyone", points: 5, name: "Any" },
      headers: { origin: new URL(athlete.page.url()).origin },
    });
    expect(response.status()).toBe(403);
    await athlete.context.close();
  });

  test("your own row stays in sight when you are below the top rows", async ({ browser, request }) => {
    await award(request, { updates: Array.from({ length: 60 }, (_, i) => ({ userId: `bulk-${i}`, points: 1000 + i, name: `Bulk ${i}` })) });
    const athlete = await person(browser, "Last Place", "athlete", "/?tab=leaderboard");
    const { user } = (await (await athlete.page.request.get("/api/session")).json()) as { user: { id: string } };
    await award(request, { userId: user.id, points: 1, name: "Last Place" });
    const pinned = athlete.page.getByRole("table", { name: "Your position" });
    await expect(pinned).toContainText("Last Place");
    await expect(pinned).toContainText("61");
    await athlete.context.close();
  });
});
