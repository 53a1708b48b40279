import { expect, test } from "@playwright/test";

import { ADMIN_TOKEN, person } from "./support";

test.describe("notifications and broadcasts", () => {
  test("a coach's broadcast shows as a banner in another browser, and can be dismissed", async ({ browser }) => {
    const coach = await person(browser, "Cora", "coach", "/?tab=activity");
    const athlete = await person(browser, "Ana");
    const message = `Bus leaves at 7 (${Date.now().toString(36)})`;

    await coach.page.getByLabel("Announcement", { exact: true }).fill(message);
    await coach.page.getByRole("button", { name: "Broadcast" }).click();

    const banner = athlete.page.getByRole("alert", { name: "Announcement" }).filter({ hasText: message });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("Cora");
    await banner.getByRole("button", { name: "Dismiss announcement" }).click();
    await expect(banner).toBeHidden();
    await athlete.page.reload();
    await expect(athlete.page.getByRole("tab", { name: "Chat" })).toBeVisible();
    await expect(athlete.page.getByText(message)).toHaveCount(0);
    await coach.context.close();
    await athlete.context.close();
  });

  test("an admin broadcast through the API reaches open pages", async ({ browser, request }) => {
    const athlete = await person(browser, "Ana");
    const message = `Gym closed (${Date.now().toString(36)})`;
    const response = await request.post("/api/pusher", {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      data: { channel: "admin-channel", event: "announcement", data: { message } },
    });
    expect(response.status()).toBe(200);
    await expect(athlete.page.getByRole("alert", { name: "Announcement" }).filter({ hasText: message })).toBeVisible();
    await athlete.context.close();
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
    await ana.context.close();
  });

  test("a mention in chat notifies the mentioned user", async ({ browser }) => {
    const name = `Mia ${Date.now().toString(36).slice(-4)}`;
    const mia = await person(browser, name, "athlete", "/?tab=leaderboard");
    const ben = await person(browser, "Ben");
    const box = ben.page.getByRole("textbox", { name: "Message", exact: true });
    await box.fill(`Nice work @${name}!`);
    await box.press("Enter");

    const bell = mia.page.getByRole("button", { name: "Notifications, 1 unread" });
    await expect(bell).toBeVisible();
    await expect(mia.page.getByText(`Ben mentioned you`).first()).toBeVisible();
    await bell.click();
    const list = mia.page.getByRole("region", { name: "Notification list" });
    await expect(list).toContainText("Ben mentioned you");
    await expect(list).toContainText(`Nice work @${name}!`);
    await expect(mia.page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
    await mia.context.close();
    await ben.context.close();
  });

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

test.describe("browser notifications", () => {
  // Chromium headless has no notification UI: record what the page asks the
  // Notification API to show, and let the test hide and show the page.
  const fakeBrowserApis = () => {
    const shown: { title: string; body?: string }[] = [];
    class RecordingNotification {
      static permission = "granted";
      static requestPermission = async () => "granted";
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body });
      }
    }
    let hidden = false;
    Object.defineProperty(window, "Notification", { value: RecordingNotification, configurable: true });
    Object.defineProperty(document, "visibilityState", { get: () => (hidden ? "hidden" : "visible"), configurable: true });
    Object.assign(window, {
      shownNotifications: shown,
      setHidden: (value: boolean) => {
        hidden = value;
        document.dispatchEvent(new Event("visibilitychange"));
      },
    });
  };

  test("a coach whose page is hidden gets a browser notification for an athlete's message", async ({ browser }) => {
    const coach = await person(browser, "Cora", "coach");
    await coach.page.addInitScript(fakeBrowserApis);
    await coach.page.reload();
    await expect(coach.page.getByRole("status")).toHaveText("Connected");
    const athlete = await person(browser, "Ana");
    await coach.page.evaluate(() => (window as unknown as { setHidden: (v: boolean) => void }).setHidden(true));

    const text = `need help ${Date.now().toString(36)}`;
    await athlete.page.getByRole("textbox", { name: "Message", exact: true }).fill(text);
    await athlete.page.getByRole("textbox", { name: "Message", exact: true }).press("Enter");

    const shown = () => coach.page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body?: string }[] }).shownNotifications);
    await expect.poll(shown).toContainEqual({ title: "Ana wrote in CoachPro", body: text });
    await expect(coach.page.getByRole("tab", { name: "Chat, 1 unread" })).toBeAttached();

    // Back on the page with the chat in view: the count clears.
    await coach.page.evaluate(() => (window as unknown as { setHidden: (v: boolean) => void }).setHidden(false));
    await expect(coach.page.getByRole("tab", { name: /unread/ })).toHaveCount(0);
    await coach.context.close();
    await athlete.context.close();
  });

  test("a mention raises a browser notification while the page is hidden", async ({ browser }) => {
    const name = `Zed ${Date.now().toString(36).slice(-4)}`;
    const zed = await person(browser, name);
    await zed.page.addInitScript(fakeBrowserApis);
    await zed.page.reload();
    await expect(zed.page.getByRole("status")).toHaveText("Connected");
    await zed.page.evaluate(() => (window as unknown as { setHidden: (v: boolean) => void }).setHidden(true));
    const ben = await person(browser, "Ben");
    await ben.page.getByRole("textbox", { name: "Message", exact: true }).fill(`ping @${name}`);
    await ben.page.getByRole("textbox", { name: "Message", exact: true }).press("Enter");
    const shown = () => zed.page.evaluate(() => (window as unknown as { shownNotifications: { title: string; body?: string }[] }).shownNotifications);
    await expect.poll(shown).toContainEqual({ title: "Ben mentioned you", body: `ping @${name}` });
    await zed.context.close();
    await ben.context.close();
  });
});
