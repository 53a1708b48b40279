import { expect, test, type Page } from "@playwright/test";

import { ADMIN_TOKEN, person } from "./support";

/**
 * Chromium headless has no notification UI: record what a page asks the
 * Notification API to show and which toasts appear, and let the test hide and
 * show the page. Installed before any script of the page runs.
 */
const recordNotices = () => {
  const shown: { title: string; body?: string; tag?: string }[] = [];
  const toasts: string[] = [];
  class RecordingNotification {
    static permission = "granted";
    static requestPermission = async () => "granted";
    onclick: (() => void) | null = null;
    constructor(title: string, options?: { body?: string; tag?: string }) {
      shown.push({ title, body: options?.body, tag: options?.tag });
    }
    close() {}
  }
  let hidden = false;
  Object.defineProperty(window, "Notification", { value: RecordingNotification, configurable: true });
  Object.defineProperty(document, "visibilityState", { get: () => (hidden ? "hidden" : "visible"), configurable: true });
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (!(node instanceof HTMLElement)) continue;
        const found = node.matches("[data-sonner-toast]") ? [node] : [...node.querySelectorAll("[data-sonner-toast]")];
        for (const toast of found) toasts.push(toast.textContent ?? "");
      }
    }
  }).observe(document, { childList: true, subtree: true });
  Object.assign(window, {
    shownNotifications: shown,
    toastsAdded: toasts,
    setHidden: (value: boolean) => {
      hidden = value;
      document.dispatchEvent(new Event("visibilitychange"));
    },
  });
};

type Recorded = { shownNotifications: { title: string; body?: string; tag?: string }[]; toastsAdded: string[]; setHidden: (v: boolean) => void };
const shownOn = (page: Page) => page.evaluate(() => (window as unknown as Recorded).shownNotifications);
const toastsOn = (page: Page) => page.evaluate(() => (window as unknown as Recorded).toastsAdded);
const hide = (page: Page, hidden: boolean) => page.evaluate((value) => (window as unknown as Recorded).setHidden(value), hidden);

/** Posts a chat message from `page`'s person through the API, as the composer does (same clientMessageId on a retry). */
async function postAs(page: Page, message: string, clientMessageId: string) {
  const status = await page.evaluate(
    async ({ message, clientMessageId }) =>
      (await fetch("/api/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message, clientMessageId }) })).status,
    { message, clientMessageId },
  );
  expect(status).toBe(201);
}

const bellEntries = (page: Page) => page.getByRole("list", { name: "Notifications received" }).getByRole("listitem");

test.describe("one notice per event", () => {
  test("a coach mentioned by an athlete gets exactly one notice per event, opens it from the bell, and every tab agrees on what is read", async ({ browser }) => {
    const tag = Date.now().toString(36).slice(-5);
    const coachName = `Cora ${tag}`;
    const coach = await person(browser, coachName, "coach", "/?tab=leaderboard");
    await coach.context.addInitScript(recordNotices);
    await coach.page.reload();
    await expect(coach.page.getByRole("status")).toHaveText("Connected");
    const second = await coach.context.newPage();
    await second.goto("/?tab=activity");
    await expect(second.getByRole("status")).toHaveText("Connected");
    await hide(second, true);
    const athlete = await person(browser, `Ana ${tag}`);

    // Event 1, with the first tab visible: one toast there, nothing else anywhere — even when the post is retried.
    const first = `Can you check my squat @${coachName}?`;
    await postAs(athlete.page, first, `c-e2e-${tag}-1`);
    await postAs(athlete.page, first, `c-e2e-${tag}-1`);
    await expect(coach.page.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
    await expect(second.getByRole("button", { name: "Notifications, 1 unread" })).toBeAttached();
    await expect.poll(() => toastsOn(coach.page)).toHaveLength(1);
    expect((await toastsOn(coach.page))[0]).toContain(`Ana ${tag} mentioned you`);

    // Event 2, with both tabs hidden: one browser notification (tagged with the notice), no toast.
    await hide(coach.page, true);
    await postAs(athlete.page, `And my deadlift @${coachName}`, `c-e2e-${tag}-2`);
    await expect(coach.page.getByRole("button", { name: "Notifications, 2 unread" })).toBeAttached();
    await expect.poll(async () => [...(await shownOn(coach.page)), ...(await shownOn(second))].length).toBe(1);
    const [browserNotice] = [...(await shownOn(coach.page)), ...(await shownOn(second))];
    expect(browserNotice).toMatchObject({ title: `Ana ${tag} mentioned you`, body: `And my deadlift @${coachName}`, tag: expect.stringMatching(/^n-/) });
    // A moment for anything stray: still one toast, one browser notification, two entries per tab.
    await coach.page.waitForTimeout(800);
    expect(await toastsOn(coach.page)).toHaveLength(1);
    expect(await toastsOn(second)).toHaveLength(0);
    expect([...(await shownOn(coach.page)), ...(await shownOn(second))]).toHaveLength(1);
    await hide(coach.page, false);

    // The bell entry opens the message in the chat and marks it read in both tabs at once.
    await coach.page.getByRole("button", { name: "Notifications, 2 unread" }).click();
    await expect(bellEntries(coach.page)).toHaveCount(2);
    await coach.page.getByRole("link", { name: new RegExp(`^Unread: Ana ${tag} mentioned you\\. Can you check my squat`) }).click();
    await expect(coach.page.getByRole("tab", { name: /^Chat/ })).toHaveAttribute("aria-selected", "true");
    await expect(coach.page).toHaveURL(/\?tab=chat&message=m\d+-/);
    await expect(coach.page.getByText(first).first()).toBeVisible();
    await expect(coach.page.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();
    await expect(second.getByRole("button", { name: "Notifications, 1 unread" })).toBeAttached();

    // Mark all read in the other tab: the first agrees at once, and a reload keeps it.
    await hide(second, false);
    await second.getByRole("button", { name: "Notifications, 1 unread" }).click();
    await second.getByRole("button", { name: "Mark all as read" }).click();
    await expect(coach.page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
    await coach.page.reload();
    await coach.page.getByRole("button", { name: "Notifications", exact: true }).click();
    await expect(bellEntries(coach.page)).toHaveCount(2);
    await expect(coach.page.getByRole("link", { name: /^Unread:/ })).toHaveCount(0);
    await coach.context.close();
    await athlete.context.close();
  });

  test("an award gives the athlete one notice with its reason, which opens their row", async ({ browser }) => {
    const tag = Date.now().toString(36).slice(-5);
    const athlete = await person(browser, `Max ${tag}`, "athlete", "/?tab=chat");
    await athlete.context.addInitScript(recordNotices);
    await athlete.page.reload();
    await expect(athlete.page.getByRole("status")).toHaveText("Connected");
    const { user } = await athlete.page.evaluate(async () => (await fetch("/api/session")).json());
    const award = await athlete.page.request.post("/api/leaderboard", {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "idempotency-key": `e2e-award-${tag}` },
      data: { userId: user.id, points: 10, name: `Max ${tag}`, reason: "PR deadlift" },
    });
    expect(award.status()).toBe(200);
    await expect.poll(() => toastsOn(athlete.page)).toHaveLength(1);
    expect((await toastsOn(athlete.page))[0]).toMatch(/\+10 points — now #\d+.*PR deadlift/);
    await athlete.page.getByRole("button", { name: "Notifications, 1 unread" }).click();
    await athlete.page.getByRole("link", { name: /^Unread: \+10 points — now #\d+\. PR deadlift/ }).click();
    await expect(athlete.page.getByRole("tab", { name: "Leaderboard" })).toHaveAttribute("aria-selected", "true");
    await expect(athlete.page).toHaveURL(new RegExp(`\\?tab=leaderboard&athlete=${user.id}`));
    await athlete.context.close();
  });

  test("a coach's announcement reaches everyone else once, in the bell, and can be turned off", async ({ browser }) => {
    const tag = Date.now().toString(36).slice(-5);
    const coach = await person(browser, "Cora", "coach", "/?tab=activity");
    const ana = await person(browser, `Ana ${tag}`);
    const ben = await person(browser, `Ben ${tag}`);
    // Ben turns announcements off.
    await ben.page.getByRole("button", { name: "Notifications", exact: true }).click();
    await ben.page.getByRole("button", { name: "Notification settings" }).click();
    const box = ben.page.getByRole("checkbox", { name: /Announcements/ });
    await expect(box).toBeChecked();
    await box.uncheck();
    await expect(box).not.toBeChecked();
    await expect(box).toBeEnabled();
    await ben.page.keyboard.press("Escape");

    const message = `Bus leaves at 7 (${tag})`;
    await coach.page.getByLabel("Announcement", { exact: true }).fill(message);
    await coach.page.getByRole("button", { name: "Broadcast" }).click();
    await expect(ana.page.getByRole("region", { name: /^Notifications/ }).getByRole("listitem").filter({ hasText: message })).toBeVisible();
    await ana.page.getByRole("button", { name: "Notifications, 1 unread" }).click();
    await expect(bellEntries(ana.page)).toHaveCount(1);
    await expect(bellEntries(ana.page)).toContainText("Announcement from Cora");
    await expect(bellEntries(ana.page)).toContainText(message);
    await ana.page.getByRole("link", { name: /Announcement from Cora/ }).click();
    await expect(ana.page.getByRole("tab", { name: "Activity" })).toHaveAttribute("aria-selected", "true");

    await ben.page.reload();
    await ben.page.getByRole("button", { name: "Notifications", exact: true }).click();
    await expect(ben.page.getByText("No notifications yet.")).toBeVisible();
    await ben.page.getByRole("button", { name: "Notification settings" }).click();
    await expect(ben.page.getByRole("checkbox", { name: /Announcements/ })).not.toBeChecked();
    await expect(coach.page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
    for (const who of [coach, ana, ben]) await who.context.close();
  });

  test("a team-wide notification from an admin reaches everyone's bell", async ({ browser, request }) => {
    const ana = await person(browser, "Ana");
    const title = `Kit check (${Date.now().toString(36)})`;
    const response = await request.post("/api/pusher", {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      data: { channel: "notification-channel", event: "notification", data: { title, body: "Bring spikes tomorrow" } },
    });
    expect(response.status()).toBe(200);
    await expect(ana.page.getByText(title).first()).toBeVisible();
    await ana.page.getByRole("button", { name: "Notifications, 1 unread" }).click();
    const list = ana.page.getByRole("region", { name: "Notification list" });
    await expect(list).toContainText(title);
    await expect(list).toContainText("Bring spikes tomorrow");
    await ana.page.keyboard.press("Escape");
    await expect(list).toBeHidden();
    await expect(ana.page.getByRole("button", { name: "Notifications, 1 unread" })).toBeFocused();
    await ana.context.close();
  });

  test("the bell works by keyboard alone", async ({ browser }) => {
    const tag = Date.now().toString(36).slice(-5);
    const mia = await person(browser, `Mia ${tag}`, "athlete", "/?tab=leaderboard");
    const ben = await person(browser, "Ben");
    await postAs(ben.page, `Nice work @Mia ${tag}!`, `c-e2e-kb-${tag}`);
    const bell = mia.page.getByRole("button", { name: "Notifications, 1 unread" });
    await bell.focus();
    await mia.page.keyboard.press("Enter");
    const entry = mia.page.getByRole("link", { name: /^Unread: Ben mentioned you/ });
    await entry.focus();
    await mia.page.keyboard.press("Enter");
    await expect(mia.page.getByRole("tab", { name: /^Chat/ })).toHaveAttribute("aria-selected", "true");
    await expect(mia.page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
    await mia.context.close();
    await ben.context.close();
  });
});

test.describe("activity", () => {
  test("progress and class events appear live in the Activity tab and on the class page", async ({ browser, request }) => {
    const athlete = await person(browser, "Ana", "athlete", "/?tab=activity");
    const post = (channel: string, event: string, data: unknown) =>
      request.post("/api/pusher", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, data: { channel, event, data } });

    const metric = `Sprint ${Date.now().toString(36)}`;
    expect((await post("progress-channel", "progress-update", { athlete: "Ana", metric, value: 12.4, unit: "s" })).status()).toBe(200);
    await expect(athlete.page.getByRole("list", { name: "Progress updates" })).toContainText(`Ana: ${metric} 12.4 s`);

    await athlete.page.getByLabel("Class", { exact: true }).fill("u12-girls");
    await athlete.page.getByRole("button", { name: "Open" }).click();
    await expect(athlete.page.getByRole("heading", { name: "Class u12-girls" })).toBeVisible();
    await expect(athlete.page.getByRole("status")).toHaveText("Connected");
    const title = `Drills moved (${Date.now().toString(36)})`;
    expect((await post("class-u12-girls-channel", "class-update", { title, message: "Field 3" })).status()).toBe(200);
    expect((await post("class-u12-girls-channel", "attendance", { present: 9, total: 12 })).status()).toBe(200);
    const feed = athlete.page.getByRole("list", { name: "Class u12-girls updates" });
    await expect(feed).toContainText(title);
    await expect(feed).toContainText("Attendance: 9 of 12");
    await athlete.context.close();
  });
});

test.describe("the chat tab's unread count", () => {
  test("counts an athlete's message for a coach who is elsewhere, without a notification", async ({ browser }) => {
    const coach = await person(browser, "Cora", "coach", "/?tab=leaderboard");
    await coach.page.addInitScript(recordNotices);
    await coach.page.reload();
    await expect(coach.page.getByRole("status")).toHaveText("Connected");
    const athlete = await person(browser, "Ana");
    await postAs(athlete.page, `need help ${Date.now().toString(36)}`, `c-e2e-help-${Date.now().toString(36)}`);
    await expect(coach.page.getByRole("tab", { name: /^Chat, 1 unread/ })).toBeAttached();
    await coach.page.waitForTimeout(500);
    expect(await shownOn(coach.page)).toEqual([]);
    expect(await toastsOn(coach.page)).toEqual([]);
    await expect(coach.page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
    await coach.context.close();
    await athlete.context.close();
  });
});
