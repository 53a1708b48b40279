import { expect, test, type Page } from "@playwright/test";

import { ADMIN_TOKEN, join, seedLeaderboard, tabNames } from "./support";

/** Portrait and landscape phones from 320 to 430 px wide. */
const VIEWPORTS = [
  { width: 320, height: 568 },
  { width: 390, height: 844 },
  { width: 430, height: 932 },
  { width: 568, height: 320 },
  { width: 844, height: 390 },
];

/** Nothing wider than the screen, and every visible control inside it and big enough for a finger. */
async function checkFits(page: Page, screen: string) {
  const { width } = page.viewportSize()!;
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const viewport = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > viewport) found.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${viewport}`);
    const controls = document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="tab"], [tabindex="0"]');
    for (const control of controls) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || control.closest("[aria-hidden=true], .sr-only")) continue;
      const name = `${control.tagName.toLowerCase()} "${(control.getAttribute("aria-label") ?? control.textContent ?? "").trim().slice(0, 30)}"`;
      if (box.left < -0.5 || box.right > viewport + 0.5) found.push(`${name} is outside the screen (${Math.round(box.left)}–${Math.round(box.right)})`);
      const small = control.matches('button, input, select, textarea, [role="tab"]') && (box.width < 43.5 || box.height < 43.5);
      if (small) found.push(`${name} is ${Math.round(box.width)} × ${Math.round(box.height)} px, under 44 × 44`);
    }
    return found;
  });
  expect(problems, `${screen} at ${width} px`).toEqual([]);
}

async function acrossPhones(page: Page, screen: string) {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await checkFits(page, screen);
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

test.describe("on a phone", () => {
  test.beforeEach(async ({ request }) => {
    await seedLeaderboard(request);
  });

  test("the join screen fits, from 320 px to landscape", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Join" })).toBeVisible();
    await acrossPhones(page, "join");
  });

  test("every tab of a coach fits, and the tabs are a bottom bar with every one in reach", async ({ page }) => {
    await join(page, "Phone Coach", "coach");
    const bar = page.getByRole("tablist", { name: "Coaching views" });
    const box = (await bar.boundingBox())!;
    expect(box.y + box.height).toBeCloseTo(844, 0);
    for (const name of tabNames("coach")) {
      const tab = page.getByRole("tab", { name: new RegExp(`^${name}`) });
      await tab.tap();
      await expect(tab).toHaveAttribute("aria-selected", "true");
      await expect(page.getByRole("tabpanel", { name: new RegExp(`^${name}`) })).toBeFocused();
      await expect(page.getByText(/^Loading the/)).toHaveCount(0);
      await acrossPhones(page, name);
    }
    await page.goto("/class/u12-girls");
    await expect(page.getByRole("heading", { name: "Class u12-girls" })).toBeVisible();
    await acrossPhones(page, "class page");

    // The coaches' page is in the header menu.
    await page.getByRole("button", { name: "Menu" }).tap();
    await page.getByRole("region", { name: "Menu" }).getByRole("link", { name: "Monitor" }).tap();
    await expect(page.getByRole("list", { name: "Service status" })).toContainText("Live service:");
    await acrossPhones(page, "coaches' page");
  });

  test("the chat's groups, reactions, replies, pins and message menu fit from 320 px", async ({ page }) => {
    await join(page, "Thumb Coach", "coach");
    const history = page.getByRole("log", { name: "Chat history" });
    const box = page.getByRole("textbox", { name: "Message", exact: true });
    const row = (text: string) => history.getByRole("listitem").filter({ has: page.locator("[data-slot=message-text]", { hasText: text }) });
    const tag = Date.now().toString(36);
    for (const text of [`Meet at the track ${tag}`, `${"Superlongwordwithoutanyspaces".repeat(8)} ${tag}`]) {
      await box.fill(text);
      await box.press("Enter");
      await expect(row(text)).toHaveAttribute("data-status", "sent");
    }
    const first = row(`Meet at the track ${tag}`);
    const menuOf = async (message: typeof first) => {
      await message.getByRole("button", { name: /^Actions for/ }).tap();
      return page.getByRole("menu");
    };
    await (await menuOf(first)).getByRole("menuitemcheckbox", { name: "fire" }).tap();
    await expect(first.getByRole("button", { name: "fire: 1" })).toBeVisible();
    await (await menuOf(first)).getByRole("menuitem", { name: "Pin to the top" }).tap();
    await expect(page.getByRole("region", { name: "Pinned messages" })).toContainText(`Meet at the track ${tag}`);
    await (await menuOf(first)).getByRole("menuitem", { name: "Reply" }).tap();
    await box.fill(`On my way ${tag}`);
    await box.press("Enter");
    await expect(row(`On my way ${tag}`).getByRole("button", { name: /^In reply to/ })).toBeVisible();
    await acrossPhones(page, "chat with reactions, a reply and a pin");

    await page.setViewportSize({ width: 320, height: 568 });
    const menu = await menuOf(row(`On my way ${tag}`));
    await expect(menu).toBeInViewport({ ratio: 1 });
    await checkFits(page, "chat with a message's menu open");
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
  });

  test("the header folds into a menu that holds the theme and sign-out", async ({ page }) => {
    await join(page, "Menu Athlete");
    await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).tap();
    const menu = page.getByRole("region", { name: "Menu" });
    await expect(menu.getByRole("group", { name: "Theme" })).toBeVisible();
    await checkFits(page, "open menu");
    await menu.getByRole("button", { name: "Sign out" }).tap();
    await expect(page.getByRole("button", { name: "Join" })).toBeVisible();
  });

  test("leaderboard rows show whole names, with rank, points and movement in view", async ({ page, request }) => {
    expect((await request.delete("/api/leaderboard", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status()).toBe(200);
    const names = await seedLeaderboard(request, "long");
    await join(page, "Board Reader", "athlete", "/?tab=leaderboard");
    const rankings = page.getByRole("table", { name: "Rankings" });
    for (const name of names.filter((n) => n.length > 20)) {
      const row = rankings.getByRole("row").filter({ hasText: name }).first();
      await expect(row.getByText(name, { exact: true })).toBeVisible();
      const cut = await row.getByText(name, { exact: true }).evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      expect(cut, `${name} is cut`).toBe(false);
      await expect(row.getByRole("img").first()).toBeInViewport();
      await expect(row.getByText("pts")).toBeInViewport();
    }
  });

  test("the bell's panel and the toasts stay inside the screen", async ({ page, request }) => {
    await join(page, "Bell Reader");
    await expect(page.getByRole("status")).toHaveText("Connected");
    const title = `Team note ${Date.now().toString(36)}`;
    const response = await request.post("/api/pusher", {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      data: { channel: "notification-channel", event: "notification", data: { title, body: "A longer body that must wrap on a narrow phone screen." } },
    });
    expect(response.status()).toBe(200);
    // sonner's toaster: a region named "Notifications" (plus its hotkey) listing the toasts.
    const toast = page.getByRole("region", { name: /^Notifications/ }).getByRole("listitem").filter({ hasText: title });
    await expect(toast).toBeInViewport({ ratio: 1 });
    // Below the header: the bell stays in reach while the toast shows.
    const header = (await page.getByRole("banner").boundingBox())!;
    await expect.poll(async () => (await toast.boundingBox())!.y).toBeGreaterThanOrEqual(header.y + header.height);
    await page.getByRole("button", { name: "Notifications, 1 unread" }).tap();
    const panel = page.getByRole("region", { name: "Notification list" });
    await expect(panel).toBeInViewport({ ratio: 1 });
    // The list holds the notice: its toast leaves instead of covering the list.
    await expect(toast).toHaveCount(0);
    await checkFits(page, "open bell");
  });

  test("the message box stays above the keyboard and keeps focus when sending", async ({ page }) => {
    await join(page, "Thumb Typist");
    const box = page.getByRole("textbox", { name: "Message", exact: true });
    // Just joined: focus is in the message box.
    await expect(box).toBeFocused();
    await box.fill("Sent with the button");
    await page.getByRole("button", { name: "Send" }).tap();
    await expect(page.getByRole("log", { name: "Chat history" }).getByText("Sent with the button")).toBeVisible();
    await expect(box).toBeFocused();
    // An on-screen keyboard takes the lower half: the layout viewport shrinks (interactive-widget=resizes-content).
    await page.setViewportSize({ width: 390, height: 420 });
    await expect(box).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole("button", { name: "Send" })).toBeInViewport({ ratio: 1 });
  });
});
