import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { ADMIN_TOKEN, person } from "./support";

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** The athletes' rows of a rankings table (its header row left out). */
const rankRows = (page: Page, name = "Rankings") => page.getByRole("table", { name }).getByRole("row").filter({ has: page.getByRole("rowheader") });

async function award(request: APIRequestContext, data: unknown) {
  const response = await request.post("/api/leaderboard", { headers: admin, data });
  expect(response.status(), await response.text()).toBe(200);
}

async function myId(page: Page): Promise<string> {
  return ((await (await page.request.get("/api/session")).json()) as { user: { id: string } }).user.id;
}

test.describe("awards: reasons, undo, history, windows", () => {
  test.beforeEach(async ({ request }) => {
    expect((await request.delete("/api/leaderboard", { headers: admin })).status()).toBe(200);
  });

  test("a coach awards +25 with a reason and undoes it: the athlete sees the points come and go, and both in history", async ({ browser }) => {
    const athlete = await person(browser, "Sam Reyes", "athlete", "/?tab=leaderboard");
    const coach = await person(browser, "Cora", "coach", "/?tab=leaderboard");
    const reason = `PR deadlift ${Date.now().toString(36)}`;

    await coach.page.getByRole("combobox", { name: "Athlete" }).fill("sam");
    await coach.page.getByRole("option", { name: /Sam Reyes/ }).click();
    await coach.page.getByRole("button", { name: "+25 points" }).click();
    await coach.page.getByLabel(/^Reason/).fill(reason);
    await coach.page.getByRole("button", { name: "Award" }).click();
    await expect(coach.page.getByText(`+25 for Sam Reyes (${reason}).`)).toBeVisible();

    const samRow = rankRows(athlete.page).filter({ hasText: "Sam Reyes" });
    await expect(samRow.getByRole("cell").nth(1)).toHaveText("25pts points");
    // The reason reaches the athlete with the award (the notice in the bell: the notifications' own UI).
    await expect(athlete.page.getByRole("button", { name: /^Notifications, \d+ unread/ })).toBeVisible();

    await coach.page.getByRole("button", { name: "Undo" }).click();
    await expect(coach.page.getByText("Undone: +25 for Sam Reyes.")).toBeVisible();
    await expect(samRow.getByRole("cell").nth(1)).toHaveText("0pts points");

    await athlete.page.getByText("Your points history").click();
    const mine = athlete.page.getByRole("list", { name: "Your awards" });
    await expect(mine.getByRole("listitem").filter({ hasText: reason })).toContainText("(undone)");
    await expect(mine.getByRole("listitem").filter({ hasText: "Undo of an earlier award" })).toHaveCount(1);
    await expect(athlete.page.getByRole("img", { name: /^Points over the last 30 days/ })).toBeVisible();

    await coach.page.getByText("Award history").click();
    const history = coach.page.getByRole("table", { name: "Award history" });
    await expect(history.getByRole("row").filter({ hasText: reason }).filter({ hasText: "Undone" })).toHaveCount(1);
    await expect(history.getByRole("row").filter({ hasText: "Undo of +25" })).toContainText("Sam Reyes");

    await coach.context.close();
    await athlete.context.close();
  });

  test("a coach picks the athlete and awards with the keyboard only", async ({ browser }) => {
    const athlete = await person(browser, "Kim Keys", "athlete", "/?tab=leaderboard");
    const coach = await person(browser, "Cora", "coach", "/?tab=leaderboard");
    const { page } = coach;
    const combobox = page.getByRole("combobox", { name: "Athlete" });
    // Tab from the window picker's checked segment into the form.
    await page.getByRole("radio", { name: "All time" }).focus();
    await page.keyboard.press("Tab");
    await expect(combobox).toBeFocused();
    await page.keyboard.type("ki");
    await expect(combobox).toHaveAttribute("aria-expanded", "true");
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("option", { name: /Kim Keys/ })).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Enter");
    await expect(combobox).toHaveValue("Kim Keys");
    await page.keyboard.press("Tab"); // the list's toggle is skipped (tabindex -1): +5
    await expect(page.getByRole("button", { name: "+5 points" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("button", { name: "+5 points" })).toHaveAttribute("aria-pressed", "true");
    // +10, +25, then the points field: Enter there sends the form.
    for (let i = 0; i < 3; i += 1) await page.keyboard.press("Tab");
    await expect(page.getByLabel("Points", { exact: true })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByText("+5 for Kim Keys.")).toBeVisible();
    await expect(combobox).toBeFocused();
    await expect(rankRows(athlete.page).filter({ hasText: "Kim Keys" }).getByRole("cell").nth(1)).toHaveText("5pts points");
    await coach.context.close();
    await athlete.context.close();
  });

  test("each time window is live: today's board and this week's follow new awards", async ({ browser, request }) => {
    // Window boards keep the period's awards (a reset clears the all-time board): big, unique scores put these on top.
    const tag = Date.now().toString(36);
    const [ana, ben] = [`Ana ${tag}`, `Ben ${tag}`];
    const watcher = await person(browser, "Window Watcher", "athlete", "/?tab=leaderboard");
    const { page } = watcher;
    await award(request, { updates: [{ userId: `win-a-${tag}`, points: 90_000, name: ana }] });
    await page.getByRole("radio", { name: "Today" }).check();
    await expect(page.getByRole("heading", { level: 2, name: /Today/ })).toBeVisible();
    await expect(rankRows(page).first()).toContainText(ana);

    await award(request, { userId: `win-b-${tag}`, points: 95_000, name: ben });
    await expect(rankRows(page).first()).toContainText(ben, { timeout: 3000 });
    await expect(rankRows(page).nth(1)).toContainText(ana);

    await page.getByRole("radio", { name: "This week" }).check();
    await expect(rankRows(page).first()).toContainText(ben);
    await award(request, { userId: `win-a-${tag}`, points: 10_000 });
    await expect(rankRows(page).first()).toContainText(ana, { timeout: 3000 });
    await expect(rankRows(page).first().getByRole("cell").nth(1)).toHaveText("100,000pts points");
    await watcher.context.close();
  });

  test("movement over a period, search, jump to me and a deep link to a row", async ({ browser, request }) => {
    await award(request, { updates: Array.from({ length: 8 }, (_, i) => ({ userId: `mv-${i}`, points: 100 + i * 10, name: `Mover ${i}` })) });
    const athlete = await person(browser, "Jumper", "athlete", "/?tab=leaderboard");
    const { page } = athlete;
    await award(request, { userId: await myId(page), points: 1, name: "Jumper" });
    await expect(rankRows(page).last()).toContainText("Jumper");

    await page.getByLabel("Movement").selectOption({ label: "Today" });
    await expect(rankRows(page).first().getByRole("img", { name: /^Today: / })).toBeVisible();

    await page.getByRole("searchbox", { name: "Search athletes" }).fill("mover 3");
    await expect(rankRows(page)).toHaveCount(1);
    await page.getByRole("searchbox", { name: "Search athletes" }).fill("nobody here");
    await expect(page.getByText("No athlete matches “nobody here”")).toBeVisible();

    await page.getByRole("button", { name: "Jump to me" }).click();
    const me = rankRows(page).filter({ hasText: "Jumper" });
    await expect(me).toBeFocused();
    await expect(me).toHaveAttribute("data-highlighted", "true");
    await expect(me).toBeInViewport();

    await page.goto("/?tab=leaderboard&athlete=mv-2");
    const target = rankRows(page).filter({ hasText: "Mover 2" });
    await expect(target).toHaveAttribute("data-highlighted", "true");
    await expect(target).toBeInViewport();
    await athlete.context.close();
  });

  test("a class has its own live board beside the team's", async ({ browser }) => {
    const classId = `c${Date.now().toString(36)}`;
    const athlete = await person(browser, "Class Athlete", "athlete");
    const coach = await person(browser, "Cora", "coach");
    await athlete.page.goto(`/class/${classId}`);
    await coach.page.goto(`/class/${classId}`);
    await expect(athlete.page.getByText("No scores yet")).toBeVisible();
    await coach.page.getByRole("combobox", { name: "Athlete" }).fill("class");
    await coach.page.getByRole("option", { name: /Class Athlete/ }).click();
    await coach.page.getByRole("button", { name: "Award" }).click();
    await expect(rankRows(athlete.page, "Class rankings").first()).toContainText("Class Athlete");
    await athlete.page.getByRole("radio", { name: "This month" }).check();
    await expect(rankRows(athlete.page, "Class rankings").first()).toContainText("10pts");
    await coach.context.close();
    await athlete.context.close();
  });

  test("the open histories, the award form and the windows: axe-clean in light and dark, and within a 320 px phone", async ({ browser, request }) => {
    test.setTimeout(60_000);
    await award(request, { updates: [{ userId: "ax-1", points: 40, name: "Axe Athlete One", reason: "Hill sprints" }] });
    const athlete = await person(browser, "Axe Athlete Two", "athlete", "/?tab=leaderboard");
    await award(request, { userId: await myId(athlete.page), points: 15, name: "Axe Athlete Two", reason: "Tempo run" });
    const coach = await person(browser, "Axe Coach", "coach", "/?tab=leaderboard");
    await coach.page.getByText("Award history").click();
    await expect(coach.page.getByRole("table", { name: "Award history" })).toBeVisible();
    await athlete.page.getByText("Your points history").click();
    await expect(athlete.page.getByRole("list", { name: "Your awards" })).toContainText("Tempo run");
    await athlete.page.getByRole("radio", { name: "This week" }).check();
    await expect(rankRows(athlete.page).first()).toBeVisible();

    for (const { page } of [coach, athlete]) {
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
        await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${colorScheme}\\b`));
        const results = await new AxeBuilder({ page }).include("#main").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
        const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), colorScheme).toEqual([]);
      }
      await page.setViewportSize({ width: 320, height: 640 });
      // Two frames, so what the resize sets off (observers, a re-render) has drawn.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const wide = await page.evaluate(() => {
        const viewport = document.documentElement.clientWidth;
        const out = [...document.querySelectorAll<HTMLElement>("body *")].filter((el) => {
          const box = el.getBoundingClientRect();
          return box.width > 0 && box.right > viewport + 0.5 && !el.closest("[aria-hidden=true], .sr-only, [role=region][tabindex]");
        });
        return out.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className.toString().slice(0, 60)} "${(el.textContent ?? "").slice(0, 30)}"`);
      });
      expect(wide).toEqual([]);
    }
    await coach.context.close();
    await athlete.context.close();
  });
});
