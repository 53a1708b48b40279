import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";

/** The access code the browser tests' server is started with (playwright.config.ts). */
export const COACH_CODE = "e2e-coach-code";
export const ADMIN_TOKEN = "e2e-admin-token-0123456789";

/**
 * Joins through the join screen and waits for the coaching page. Each person
 * gets their own client address (a documentation-range X-Forwarded-For
 * value; only a header, nothing is sent there), as distinct people would
 * have, so the per-IP join limit does not lump the whole suite together.
 */
export async function join(page: Page, name: string, role: "athlete" | "coach" = "athlete", path = "/") {
  const address = `198.51.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
  await page.setExtraHTTPHeaders({ "x-forwarded-for": address });
  await page.goto(path);
  await page.getByLabel("Name").fill(name);
  if (role === "coach") {
    await page.getByLabel("Role").selectOption("coach");
    await page.getByLabel("Access code").fill(COACH_CODE);
  }
  await page.getByRole("button", { name: "Join" }).click();
  await expect(page.getByRole("tab", { name: "Chat" })).toBeVisible();
}

/** A person in their own browser context, joined at `path` and connected. */
export async function person(browser: Browser, name: string, role: "athlete" | "coach" = "athlete", path = "/?tab=chat") {
  const context = await browser.newContext();
  const page = await context.newPage();
  await join(page, name, role, path);
  await expect(page.getByRole("status")).toHaveText("Connected");
  return { context, page };
}

/** Puts athletes on the board through the admin API, long names among them (they must wrap, never be cut). */
export async function seedLeaderboard(request: APIRequestContext, tag = Date.now().toString(36)) {
  const names = ["Alexandra Konstantinopoulou", "Ben", "Maximiliano Fernández-Castellanos", "Dee", "Eve"];
  const response = await request.post("/api/leaderboard", {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    data: { updates: names.map((name, i) => ({ userId: `seed-${tag}-${i}`, points: 900 - i * 100, name })) },
  });
  expect(response.status(), await response.text()).toBe(200);
  return names;
}

/** The tabs a role has, by their names in the tab list (the same for both: the monitor is the coaches' page, /coach). */
export function tabNames(_role: "athlete" | "coach") {
  return ["Chat", "Leaderboard", "Activity"];
}
