import { expect, request as http, test, type APIRequestContext, type Page } from "@playwright/test";

import { startTestRedis, type TestRedis } from "../tests/support/redis-server";
import { appPorts, EXTRA_APP_SECRETS, startExtraApp, stopAll, type AppSettings } from "./app-processes";
import { person } from "./support";

// Each test starts its own apps (and Redis) on free ports, and stops them.
const admin = { authorization: `Bearer ${EXTRA_APP_SECRETS.ADMIN_API_TOKEN}` };
const box = (page: Page) => page.getByRole("textbox", { name: "Message", exact: true });
const history = (page: Page) => page.getByRole("log", { name: "Chat history" });
/** The athletes' rows of the rankings table (not its header row). */
const rankings = (page: Page) => page.getByRole("table", { name: "Rankings" }).getByRole("row").filter({ has: page.getByRole("rowheader") });
/** A restart takes pusher-js a few reconnect attempts to notice. */
const AFTER_RESTART = { timeout: 30_000 };

async function say(page: Page, text: string) {
  await box(page).fill(text);
  await box(page).press("Enter");
}

/** Everything in the chat history that matches `pattern`, as shown. */
async function shown(page: Page, pattern: RegExp): Promise<string[]> {
  const texts = await history(page).locator("li").evaluateAll((items) => items.map((item) => item.textContent ?? ""));
  return texts.filter((text) => pattern.test(text));
}

/** An API client signed in as an athlete on `origin` (its own client address). */
async function athleteApi(origin: string, name: string, address: string): Promise<APIRequestContext> {
  const context = await http.newContext({ baseURL: origin, extraHTTPHeaders: { origin, "x-forwarded-for": address } });
  const response = await context.post("/api/session", { data: { name, role: "athlete" } });
  expect(response.status(), await response.text()).toBe(201);
  return context;
}

async function award(origin: string, data: unknown): Promise<void> {
  const context = await http.newContext({ baseURL: origin, extraHTTPHeaders: admin });
  const response = await context.post("/api/leaderboard", { data });
  expect(response.status(), await response.text()).toBe(200);
  await context.dispose();
}

let redis: TestRedis | undefined;
test.afterEach(async () => {
  await stopAll();
  await redis?.stop();
  redis = undefined;
});

for (const store of ["memory", "redis"] as const) {
  test(`a page open across a restart keeps showing new messages and rank changes without a reload (${store})`, async ({ browser }) => {
    test.setTimeout(150_000);
    const tag = Date.now().toString(36);
    if (store === "redis") redis = await startTestRedis();
    const settings: AppSettings = { ...(await appPorts()), ...(redis ? { redis: { url: redis.url, prefix: `e2e-restart-${tag}:` } } : {}) };
    let app = await startExtraApp(settings);

    const ana = await person(browser, "Ana", "athlete", `${app.origin}/?tab=chat`);
    const wes = await person(browser, "Wes", "athlete", `${app.origin}/?tab=leaderboard`);
    await say(ana.page, `before ${tag}`);
    await expect(history(ana.page).getByText(`before ${tag}`)).toBeVisible();
    await award(app.origin, { updates: [{ userId: `ava-${tag}`, points: 30, name: "Ava" }, { userId: `bo-${tag}`, points: 20, name: "Bo" }] });
    await expect(rankings(wes.page).first()).toContainText("Ava");

    // Stopped and started again on the same ports and secrets; a send made meanwhile fails and waits.
    await app.stop();
    await say(ana.page, `while down ${tag}`);
    await expect(history(ana.page).getByRole("listitem").filter({ hasText: `while down ${tag}` })).toBeVisible();
    app = await startExtraApp(settings);

    // Live again without a reload: someone else's message, the waiting send (once), a rank change.
    const ben = await athleteApi(app.origin, "Ben", "198.51.100.7");
    expect((await ben.post("/api/chat", { data: { message: `after ${tag}` } })).status()).toBe(201);
    await expect(history(ana.page).getByText(`after ${tag}`)).toBeVisible(AFTER_RESTART);
    await expect.poll(() => shown(ana.page, new RegExp(`while down ${tag}`)), AFTER_RESTART).toHaveLength(1);
    await award(app.origin, { userId: `bo-${tag}`, points: 50, name: "Bo" });
    await expect(rankings(wes.page).first()).toContainText("Bo", AFTER_RESTART);

    if (store === "redis") {
      // Nothing was lost: the history and the ranks from before are still there.
      await expect(history(ana.page).getByText(`before ${tag}`)).toBeVisible();
      await expect(rankings(wes.page)).toHaveCount(2);
      await expect(rankings(wes.page).nth(1)).toContainText("Ava");
    } else {
      // The history went with the process: the page says so once, and shows only what came after.
      await expect(ana.page.getByText("The app restarted; earlier messages are no longer available.")).toHaveCount(1);
      await expect(history(ana.page).getByText(`before ${tag}`)).toHaveCount(0);
      await expect(rankings(wes.page)).toHaveCount(1);
    }
    await ben.dispose();
    await ana.context.close();
    await wes.context.close();
  });
}

test("kill -9 of the web app in a stream of posts (Redis): every acknowledged message is there after the restart, none twice", async ({ browser }) => {
  test.setTimeout(150_000);
  const tag = Date.now().toString(36);
  redis = await startTestRedis();
  const settings: AppSettings = { ...(await appPorts()), redis: { url: redis.url, prefix: `e2e-kill-${tag}:` } };
  let app = await startExtraApp(settings);
  const watcher = await person(browser, "Wes", "athlete", `${app.origin}/?tab=chat`);
  const posters = await Promise.all(Array.from({ length: 4 }, (_, i) => athleteApi(app.origin, `Poster ${i}`, `198.51.100.${20 + i}`)));

  // Four posts in flight at a time; the app is killed after the 12th acknowledgement.
  const acknowledged = new Set<number>();
  const attempted = new Set<number>();
  const post = (i: number) =>
    posters[i % posters.length]!.post("/api/chat", { data: { message: `stream ${tag} #${i}`, clientMessageId: `kill-${tag}-${String(i).padStart(4, "0")}` }, timeout: 10_000 }).then(
      (response) => response.status() === 201,
      () => false,
    );
  let next = 0;
  let killed: Promise<void> | undefined;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < 60 && !killed) {
        const i = next++;
        attempted.add(i);
        if (await post(i)) acknowledged.add(i);
        if (acknowledged.size >= 12) killed ??= app.kill();
      }
    }),
  );
  await killed;
  expect(acknowledged.size).toBeGreaterThanOrEqual(12);

  app = await startExtraApp(settings);
  // Clients retry what got no answer, with the same clientMessageId.
  for (const i of [...attempted].filter((n) => !acknowledged.has(n))) expect(await post(i), `retry of #${i}`).toBe(true);

  const reader = posters[0]!;
  const stored: { message: string; clientMessageId?: string }[] = [];
  for (let after = 0, pages = 0; pages < 10; pages += 1) {
    const page = (await (await reader.get(`/api/chat?after=${after}&limit=100`)).json()) as { messages: { seq: number; message: string; clientMessageId?: string }[]; hasMore: boolean };
    stored.push(...page.messages);
    after = page.messages.at(-1)?.seq ?? after;
    if (!page.hasMore) break;
  }
  const ours = stored.filter((message) => message.message.startsWith(`stream ${tag} #`));
  expect(new Set(ours.map((message) => message.clientMessageId)).size).toBe(ours.length);
  expect(ours).toHaveLength(attempted.size);
  for (const i of acknowledged) expect(ours.some((message) => message.message === `stream ${tag} #${i}`), `acknowledged #${i}`).toBe(true);

  // The page open through the crash shows each of them once, without a reload.
  await expect.poll(() => shown(watcher.page, new RegExp(`stream ${tag} #`)).then((texts) => texts.length), AFTER_RESTART).toBe(attempted.size);
  expect(new Set(await shown(watcher.page, new RegExp(`stream ${tag} #`))).size).toBe(attempted.size);
  await Promise.all(posters.map((poster) => poster.dispose()));
  await watcher.context.close();
});
