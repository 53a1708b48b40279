import { expect, test, type Browser, type Page } from "@playwright/test";

import { person } from "./support";

const box = (page: Page) => page.getByRole("textbox", { name: "Message", exact: true });
const history = (page: Page) => page.getByRole("log", { name: "Chat history" });
/** "2 online" in the chat's header. */
const online = (page: Page) => page.getByRole("region", { name: "Team chat" }).getByText(/^\d+ online$/);

async function say(page: Page, text: string) {
  await box(page).fill(text);
  await box(page).press("Enter");
}

/** The texts of every message bubble shown, in order. */
async function shownTexts(page: Page, pattern: RegExp) {
  const texts = await history(page).locator("[data-slot=message-text]").allTextContents();
  return texts.filter((text) => pattern.test(text));
}

test.describe("live chat", () => {
  test("two people see each other's messages live, and who is online", async ({ browser }) => {
    const ana = await person(browser, "Ana");
    const ben = await person(browser, "Ben");
    const tag = Date.now().toString(36);

    await say(ana.page, `Hello Ben ${tag}`);
    await expect(history(ben.page).getByText(`Hello Ben ${tag}`)).toBeVisible();
    await say(ben.page, `Hi Ana ${tag}`);
    await expect(history(ana.page).getByText(`Hi Ana ${tag}`)).toBeVisible();

    await expect(history(ana.page).getByRole("listitem", { name: "Ana (you)" }).last()).toContainText(`Hello Ben ${tag}`);
    await expect(history(ana.page).getByRole("listitem", { name: "Ben" }).last()).toContainText(`Hi Ana ${tag}`);
    await expect(online(ana.page)).toHaveText("2 online");

    // A second tab of Ben's does not count twice.
    const benTab = await ben.context.newPage();
    await benTab.goto("/?tab=chat");
    await expect(benTab.getByRole("status")).toHaveText("Connected");
    await expect(online(benTab)).toHaveText("2 online");
    await benTab.close();
    await expect(online(ana.page)).toHaveText("2 online");
    await ben.context.close();
    await expect(online(ana.page)).toHaveText("1 online");
    await ana.context.close();
  });

  test("you stay online while another tab of the page is open", async ({ browser }) => {
    const ana = await person(browser, "Ana");
    const ben = await person(browser, "Ben");
    await expect(online(ben.page)).toHaveText("2 online");
    await ana.page.getByRole("tab", { name: "Activity" }).click();
    await expect(ana.page.getByRole("region", { name: "Activity" })).toBeVisible();
    // Give an unsubscribe time to reach Ben, should one (wrongly) happen.
    await ben.page.waitForTimeout(1000);
    await expect(online(ben.page)).toHaveText("2 online");
    await ana.context.close();
    await expect(online(ben.page)).toHaveText("1 online");
    await ben.context.close();
  });

  test("shows who is typing, never yourself", async ({ browser }) => {
    const ana = await person(browser, "Ana");
    const ben = await person(browser, "Ben");
    await expect(online(ana.page)).toHaveText("2 online");
    await expect(online(ben.page)).toHaveText("2 online");
    await box(ben.page).pressSequentially("thinking", { delay: 30 });
    await expect(ana.page.getByText("Ben is typing…")).toBeVisible();
    await expect(ben.page.getByText(/is typing…/)).toHaveCount(0);
    // It goes away by itself after about 3 s of silence.
    await expect(ana.page.getByText("Ben is typing…")).toBeHidden({ timeout: 6000 });
    await ana.context.close();
    await ben.context.close();
  });

  test("nothing is lost or doubled while one person is offline", async ({ browser }) => {
    const ana = await person(browser, "Ana");
    const ben = await person(browser, "Ben");
    const tag = `off-${Date.now().toString(36)}`;

    await ana.context.setOffline(true);
    await expect(ana.page.getByRole("status")).toHaveText("Offline");
    for (let i = 1; i <= 5; i += 1) await say(ben.page, `${tag} ${i}`);
    await expect(history(ben.page).getByText(`${tag} 5`)).toBeVisible();
    expect(await shownTexts(ana.page, new RegExp(tag))).toEqual([]);

    await ana.context.setOffline(false);
    await expect(ana.page.getByRole("status")).toHaveText("Connected");
    await expect(history(ana.page).getByText(`${tag} 5`)).toBeVisible();
    expect(await shownTexts(ana.page, new RegExp(tag))).toEqual([1, 2, 3, 4, 5].map((i) => `${tag} ${i}`));
    await ana.context.close();
    await ben.context.close();
  });

  test("a failed send shows Retry, and retrying yields exactly one message", async ({ browser }) => {
    const ana = await person(browser, "Ana");
    const ben = await person(browser, "Ben");
    const text = `retry-${Date.now().toString(36)}`;

    await ana.page.route("**/api/chat", (route) => (route.request().method() === "POST" ? route.abort("failed") : route.fallback()));
    await say(ana.page, text);
    const mine = history(ana.page).getByRole("listitem").filter({ hasText: text });
    await expect(mine).toContainText("Not sent");
    await ana.page.unroute("**/api/chat");

    await mine.getByRole("button", { name: "Retry" }).click();
    await expect(mine).not.toContainText("Not sent");
    await expect(mine).toHaveAttribute("data-status", "sent");
    await expect(history(ben.page).getByText(text)).toBeVisible();
    expect(await shownTexts(ana.page, new RegExp(text))).toEqual([text]);
    expect(await shownTexts(ben.page, new RegExp(text))).toEqual([text]);
    await ana.page.reload();
    await expect(history(ana.page).getByText(text)).toBeVisible();
    expect(await shownTexts(ana.page, new RegExp(text))).toEqual([text]);
    await ana.context.close();
    await ben.context.close();
  });

  test("a send that gets no answer shows Retry at the deadline, and retrying yields exactly one message", async ({ browser }) => {
    const ana = await person(browser, "Ana");
    const text = `hang-${Date.now().toString(36)}`;
    // Accepted and never answered: only the page's own deadline ends the request.
    await ana.page.route("**/api/chat", (route) => (route.request().method() === "POST" ? undefined : route.fallback()));
    await say(ana.page, text);
    const mine = history(ana.page).getByRole("listitem").filter({ hasText: text });
    await expect(mine).toHaveAttribute("data-status", "sending");
    await expect(mine).toContainText("did not answer in time", { timeout: 15_000 });
    await ana.page.unrouteAll({ behavior: "ignoreErrors" });

    await mine.getByRole("button", { name: "Retry" }).click();
    await expect(mine).toHaveAttribute("data-status", "sent");
    expect(await shownTexts(ana.page, new RegExp(text))).toEqual([text]);
    await ana.page.reload();
    await expect(history(ana.page).getByText(text)).toBeVisible();
    expect(await shownTexts(ana.page, new RegExp(text))).toEqual([text]);
    await ana.context.close();
  });

  test("a 503 with Retry-After shows Retry, and retrying yields exactly one message", async ({ browser }) => {
    const ana = await person(browser, "Ana");
    const text = `busy-${Date.now().toString(36)}`;
    await ana.page.route("**/api/chat", (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 503,
            headers: { "retry-after": "1" },
            contentType: "application/json",
            body: JSON.stringify({ error: { code: "unavailable", message: "Chat is unavailable for a moment." } }),
          })
        : route.fallback(),
    );
    await say(ana.page, text);
    const mine = history(ana.page).getByRole("listitem").filter({ hasText: text });
    await expect(mine).toContainText("Not sent: Chat is unavailable for a moment.");
    await ana.page.unroute("**/api/chat");
    await mine.getByRole("button", { name: "Retry" }).click();
    await expect(mine).toHaveAttribute("data-status", "sent");
    expect(await shownTexts(ana.page, new RegExp(text))).toEqual([text]);
    await ana.context.close();
  });

  test("a lost response never doubles the message", async ({ browser }) => {
    const ana = await person(browser, "Ana");
    const text = `lost-${Date.now().toString(36)}`;
    // The server stores the message and announces it, but the answer never reaches the page.
    await ana.page.route("**/api/chat", async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      await route.fetch();
      await route.abort("failed");
    });
    await say(ana.page, text);
    const mine = history(ana.page).getByRole("listitem").filter({ hasText: text });
    await expect(mine).toHaveAttribute("data-status", "sent");
    expect(await shownTexts(ana.page, new RegExp(text))).toEqual([text]);
    await ana.context.close();
  });

  test("Enter sends, Shift+Enter adds a line, and text is never HTML", async ({ browser }) => {
    const ana = await person(browser, "Ana");
    const tag = Date.now().toString(36);
    await box(ana.page).fill(`<b>${tag}</b>`);
    await box(ana.page).press("Shift+Enter");
    await box(ana.page).pressSequentially("second line");
    await expect(box(ana.page)).toHaveValue(`<b>${tag}</b>\nsecond line`);
    await box(ana.page).press("Enter");
    await expect(box(ana.page)).toHaveValue("");
    const bubble = history(ana.page).getByText(`<b>${tag}</b>`);
    await expect(bubble).toBeVisible();
    await expect(bubble).toContainText("second line");
    await expect(history(ana.page).locator("b")).toHaveCount(0);
    await ana.context.close();
  });

  test("a counter appears near the 2000-character limit", async ({ browser }) => {
    const ana = await person(browser, "Ana");
    await box(ana.page).fill("x".repeat(1900));
    await expect(ana.page.getByText("1900 / 2000")).toBeVisible();
    await box(ana.page).fill("x".repeat(2001));
    await expect(ana.page.getByRole("button", { name: "Send" })).toBeDisabled();
    await ana.context.close();
  });

  test("a coach away from the chat gets an unread count (a count, not a notification)", async ({ browser }) => {
    const coach = await person(browser, "Cora", "coach", "/?tab=leaderboard");
    const ana = await person(browser, "Ana");
    const text = `help-${Date.now().toString(36)}`;
    await say(ana.page, text);
    await expect(coach.page.getByRole("tab", { name: "Chat, 1 unread" })).toBeVisible();
    await coach.page.getByRole("tab", { name: /Chat/ }).click();
    await expect(coach.page.getByRole("tab", { name: /unread/ })).toHaveCount(0);
    await expect(history(coach.page).getByText(text)).toBeVisible();
    await coach.context.close();
    await ana.context.close();
  });
});

test.describe("chat history and scrolling", () => {
  /** Posts `count` messages through the API as several people (each within the per-user limit). */
  async function seed(browser: Browser, prefix: string, count: number) {
    for (let start = 0; start < count; start += 20) {
      const { context, page } = await person(browser, `Seeder ${start}`);
      const origin = new URL(page.url()).origin;
      for (let i = start; i < Math.min(count, start + 20); i += 1) {
        const response = await page.request.post("/api/chat", { data: { message: `${prefix} ${i}` }, headers: { origin } });
        expect(response.status()).toBe(201);
      }
      await context.close();
    }
  }

  test("loads older messages when scrolled to the top", async ({ browser }) => {
    const prefix = `old-${Date.now().toString(36)}`;
    await seed(browser, prefix, 70);
    const ana = await person(browser, "Ana");
    await expect(history(ana.page).getByText(`${prefix} 69`, { exact: true })).toBeVisible();
    await expect(history(ana.page).getByText(`${prefix} 0`, { exact: true })).toHaveCount(0);
    await history(ana.page).evaluate((element) => element.scrollTo({ top: 0 }));
    await expect(history(ana.page).getByText(`${prefix} 0`, { exact: true })).toBeAttached();
    expect(await shownTexts(ana.page, new RegExp(`^${prefix} `))).toEqual(Array.from({ length: 70 }, (_, i) => `${prefix} ${i}`));
    await ana.context.close();
  });

  test("does not yank you down when scrolled up; offers the new messages instead", async ({ browser }) => {
    const prefix = `scroll-${Date.now().toString(36)}`;
    await seed(browser, prefix, 40);
    const ana = await person(browser, "Ana");
    const ben = await person(browser, "Ben");
    await expect(history(ana.page).getByText(`${prefix} 39`, { exact: true })).toBeVisible();
    await history(ana.page).evaluate((element) => element.scrollTo({ top: element.scrollHeight / 2 }));
    const before = await history(ana.page).evaluate((element) => element.scrollTop);

    await say(ben.page, `${prefix} fresh`);
    const jump = ana.page.getByRole("button", { name: "1 new message" });
    await expect(jump).toBeVisible();
    expect(await history(ana.page).evaluate((element) => element.scrollTop)).toBe(before);
    await jump.click();
    await expect(history(ana.page).getByText(`${prefix} fresh`)).toBeInViewport();
    await expect(jump).toBeHidden();
    await ana.context.close();
    await ben.context.close();
  });
});
