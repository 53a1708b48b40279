import { expect, test, type BrowserContext, type Page } from "@playwright/test";

import { join } from "./support";

/** What the service worker showed, read back from its registration. */
async function shownNotifications(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration("/sw.js");
    const shown = (await registration?.getNotifications()) ?? [];
    return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, href: (n.data as { href?: string } | null)?.href }));
  });
}

/** Delivers `data` to the page's service worker as a push message would (DevTools' ServiceWorker.deliverPushMessage). */
async function deliverPush(context: BrowserContext, page: Page, data: string) {
  const cdp = await context.newCDPSession(page);
  const registrationId = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("DevTools listed no service worker registration in 5 s")), 5_000);
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL.startsWith(new URL(page.url()).origin) && !r.isDeleted);
      if (ours) {
        clearTimeout(timer);
        resolve(ours.registrationId);
      }
    });
  });
  await cdp.send("ServiceWorker.enable");
  try {
    await cdp.send("ServiceWorker.deliverPushMessage", { origin: new URL(page.url()).origin, registrationId: await registrationId, data });
  } finally {
    await cdp.detach();
  }
}

test.describe("push notifications", () => {
  test("the service worker registers from the push setting and shows a pushed notice, safely", async ({ browser, baseURL }) => {
    const context = await browser.newContext();
    await context.grantPermissions(["notifications"], { origin: baseURL! });
    const page = await context.newPage();
    await join(page, "Pia Push");

    await turnOnPush(page);
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration("/sw.js"))?.active?.state ?? "none"))
      .toBe("activated");

    const notice = { title: "Cora mentioned you", body: "@Pia nice lift", href: "/?tab=chat&message=m7-ab", tag: "mention-7" };
    // DevTools' delivery can be lost while a just-activated worker starts; a lost one is sent again (the same
    // tag, so a second copy would replace the first: exactly one notice is still required).
    await expect(async () => {
      await deliverPush(context, page, JSON.stringify(notice));
      await expect.poll(() => shownNotifications(page), { timeout: 3_000 }).toEqual([notice]);
    }).toPass({ timeout: 20_000 });

    // A payload is data: a link to another site opens the app's home instead, and one of another shape shows a plain notice.
    await expect(async () => {
      await deliverPush(context, page, JSON.stringify({ ...notice, tag: "evil", href: "https://evil.example/phish" }));
      await deliverPush(context, page, JSON.stringify({ nope: 1 }));
      await expect
        .poll(async () => (await shownNotifications(page)).map((n) => [n.tag, n.href]), { timeout: 3_000 })
        .toEqual(expect.arrayContaining([["evil", "/"], ["coachpro", "/"]]));
    }).toPass({ timeout: 20_000 });

    await context.close();
  });
});

/**
 * Turns push on for this device from the bell's notification settings. The
 * service worker registers first; the subscription itself needs the browser's
 * push service, which this machine cannot reach, so the setting then says
 * either that push is on or, clearly, that the browser could not subscribe.
 */
async function turnOnPush(page: Page) {
  await page.getByRole("button", { name: "Notifications", exact: true }).click();
  await page.getByRole("button", { name: "Notification settings" }).click();
  const setting = page.getByRole("region", { name: "Push notifications on this device" });
  await setting.getByRole("button", { name: "Turn on push" }).click();
  await expect(setting.getByRole("status")).toHaveText(/^On: |could not subscribe/);
}
