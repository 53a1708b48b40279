import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

import { ADMIN_TOKEN, join, seedLeaderboard, tabNames } from "./support";

/**
 * axe-core on every screen, for both roles, in light and dark (the page
 * follows the system setting): no serious or critical finding. Runs in the
 * desktop and the phone projects.
 */
async function scan(page: Page, screen: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${colorScheme}\\b`));
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
    const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((node) => node.target.join(" ")).join("\n  ")}`);
    expect(report, `${screen}, ${colorScheme}`).toEqual([]);
  }
}

async function everyTab(page: Page, role: "athlete" | "coach") {
  for (const name of tabNames(role)) {
    await page.getByRole("tab", { name: new RegExp(`^${name}`) }).click();
    const panel = page.getByRole("tabpanel", { name: new RegExp(`^${name}`) });
    await expect(panel).toBeVisible();
    await expect(panel.getByText(/^Loading/)).toHaveCount(0);
    if (name === "Leaderboard") await expect(panel.getByRole("table", { name: "Rankings" })).toBeVisible();
    await scan(page, `${role} ${name}`);
  }
}

test.describe("accessibility (axe-core)", () => {
  test.beforeEach(async ({ request }) => {
    await seedLeaderboard(request);
  });

  test("the join screen", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Join your team" })).toBeVisible();
    await scan(page, "join");
    await page.getByLabel("Role").selectOption("coach");
    await page.getByRole("button", { name: "Join" }).click();
    await expect(page.getByText("Enter a name.")).toBeVisible();
    await scan(page, "join with errors");
  });

  for (const role of ["athlete", "coach"] as const) {
    test(`every tab and the class page, as ${role === "coach" ? "a coach" : "an athlete"}`, async ({ page }) => {
      // Five pages, each scanned in light and dark: more than the default 30 s on a busy machine.
      test.setTimeout(90_000);
      await join(page, role === "coach" ? "Axe Coach" : "Axe Athlete", role);
      await expect(page.getByRole("status")).toHaveText("Connected");
      // Unique per run: the desktop and phone projects share one server (and chat).
      const hello = `Hello from the ${role} ${Date.now().toString(36)}`;
      await page.getByRole("textbox", { name: "Message", exact: true }).fill(hello);
      await page.getByRole("textbox", { name: "Message", exact: true }).press("Enter");
      await expect(page.getByRole("log", { name: "Chat history" }).getByText(hello)).toBeVisible();
      await everyTab(page, role);

      await page.goto("/class/u12-girls");
      await expect(page.getByRole("heading", { level: 1, name: "Class u12-girls" })).toBeVisible();
      await scan(page, `${role} class page`);

      await page.goto("/coach");
      if (role === "coach") await expect(page.getByRole("list", { name: "Service status" })).toContainText("Live service:");
      else await expect(page.getByRole("heading", { level: 1, name: "Coaches only" })).toBeVisible();
      await scan(page, `${role} coaches' page`);
    });
  }

  test("the bell's list (read and unread entries) and its settings", async ({ page, request }) => {
    await join(page, "Axe Bell");
    await expect(page.getByRole("status")).toHaveText("Connected");
    const { user } = await page.evaluate(async () => (await fetch("/api/session")).json());
    for (const title of ["Kit check", "Bus leaves at 7"]) {
      const response = await request.post("/api/pusher", {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        data: { channel: `private-user-${user.id}`, event: "notification", data: { title, body: "Bring spikes and a long-sleeve top." } },
      });
      expect(response.status()).toBe(200);
    }
    await page.getByRole("button", { name: "Notifications, 2 unread" }).click();
    await page.getByRole("button", { name: "Mark as read: Kit check" }).click();
    await expect(page.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
    await scan(page, "bell list");
    await page.getByRole("button", { name: "Notification settings" }).click();
    await expect(page.getByRole("checkbox", { name: /Mentions/ })).toBeEnabled();
    await scan(page, "bell settings");
  });

  test("the chat with reactions, a reply, a pin, a removed message and an open menu", async ({ page }) => {
    test.setTimeout(120_000);
    await join(page, "Axe Chat Coach", "coach");
    await expect(page.getByRole("status")).toHaveText("Connected");
    const history = page.getByRole("log", { name: "Chat history" });
    const box = page.getByRole("textbox", { name: "Message", exact: true });
    const row = (text: string) => history.getByRole("listitem").filter({ has: page.locator("[data-slot=message-text]", { hasText: text }) });
    const tag = Date.now().toString(36);
    const menuOf = async (text: string) => {
      await row(text).hover();
      await row(text).getByRole("button", { name: /^Actions for/ }).click();
      return page.getByRole("menu");
    };
    // The mention comes first: one at the end of the text would open its suggestions, and Enter would pick one.
    for (const text of [`@Axe Chat Coach plan at https://example.com/${tag}`, `Second ${tag}`, `Gone ${tag}`]) {
      await box.fill(text);
      await box.press("Enter");
      await expect(row(text)).toHaveAttribute("data-status", "sent");
    }
    await (await menuOf(`Second ${tag}`)).getByRole("menuitemcheckbox", { name: "thumbs up" }).click();
    await (await menuOf(`Second ${tag}`)).getByRole("menuitem", { name: "Pin to the top" }).click();
    await (await menuOf(`Second ${tag}`)).getByRole("menuitem", { name: "Reply" }).click();
    await box.fill(`Reply ${tag}`);
    await box.press("Enter");
    const gone = await row(`Gone ${tag}`).getAttribute("data-message-id");
    await (await menuOf(`Gone ${tag}`)).getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("group", { name: /Delete this message/ }).getByRole("button", { name: "Delete" }).click();
    await expect(history.locator(`[data-message-id="${gone}"]`)).toContainText("message removed");
    await expect(page.getByRole("region", { name: "Pinned messages" })).toBeVisible();
    await scan(page, "chat with reactions, reply, pin and removal");
    await menuOf(`Reply ${tag}`);
    await scan(page, "chat with a message's menu open");
    await page.keyboard.press("Escape");
    await box.fill(`@Axe`);
    await scan(page, "chat while writing a mention");
  });

  test("one h1 on every page", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    await join(page, "Heading Counter", "coach");
    for (const name of tabNames("coach")) {
      await page.getByRole("tab", { name: new RegExp(`^${name}`) }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    }
    await page.goto("/class/u12-girls");
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    await page.goto("/coach");
    await expect(page.getByRole("heading", { level: 1, name: "Monitor" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  });
});
