import { expect, request as http, test, type Page } from "@playwright/test";

import { startTestRedis, type TestRedis } from "../tests/support/redis-server";
import { appPorts, EXTRA_APP_SECRETS, startExtraApp, stopAll } from "./app-processes";
import { person } from "./support";

const admin = { authorization: `Bearer ${EXTRA_APP_SECRETS.ADMIN_API_TOKEN}` };
const box = (page: Page) => page.getByRole("textbox", { name: "Message", exact: true });
const history = (page: Page) => page.getByRole("log", { name: "Chat history" });
/** The athletes' rows of the rankings table (not its header row). */
const rankings = (page: Page) => page.getByRole("table", { name: "Rankings" }).getByRole("row").filter({ has: page.getByRole("rowheader") });

async function say(page: Page, text: string) {
  await box(page).fill(text);
  await box(page).press("Enter");
}

let redis: TestRedis | undefined;
test.afterEach(async () => {
  await stopAll();
  await redis?.stop();
  redis = undefined;
});

test("two web instances on one Redis and one realtime server: chat is live both ways, awards through both make one ranking", async ({ browser }) => {
  test.setTimeout(150_000);
  const tag = Date.now().toString(36);
  redis = await startTestRedis();
  const shared = { url: redis.url, prefix: `e2e-two-${tag}:` };
  // A runs the realtime server (embedded); B sends its events there and its pages connect there.
  const a = await startExtraApp({ ...(await appPorts()), redis: shared });
  const b = await startExtraApp({ ...(await appPorts()), redis: shared, pusherPort: a.settings.realtimePort });
  expect(await (await fetch(`${b.origin}/api/health`)).json()).toMatchObject({ realtime: "external" });

  const ana = await person(browser, "Ana", "athlete", `${a.origin}/?tab=chat`);
  const ben = await person(browser, "Ben", "athlete", `${b.origin}/?tab=chat`);
  await say(ana.page, `through A ${tag}`);
  await expect(history(ben.page).getByText(`through A ${tag}`)).toBeVisible();
  await say(ben.page, `through B ${tag}`);
  await expect(history(ana.page).getByText(`through B ${tag}`)).toBeVisible();
  // One history: each sees both, in the same order.
  await expect(history(ana.page).getByText(`through A ${tag}`)).toBeVisible();
  await expect(history(ben.page).getByText(`through B ${tag}`)).toBeVisible();

  // Twenty awards, alternating instances, all at once: one board, versions each given once.
  const watcherA = await person(browser, "Wes", "athlete", `${a.origin}/?tab=leaderboard`);
  const watcherB = await person(browser, "Xia", "athlete", `${b.origin}/?tab=leaderboard`);
  const clients = await Promise.all([a, b].map((app) => http.newContext({ baseURL: app.origin, extraHTTPHeaders: admin })));
  const answers = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const response = await clients[i % 2]!.post("/api/leaderboard", { data: { userId: `ath-${tag}-${i % 5}`, points: i + 1, name: `Athlete ${i % 5}` } });
      expect(response.status(), await response.text()).toBe(200);
      return (await response.json()) as { version: number };
    }),
  );
  const versions = answers.map((answer) => answer.version).sort((x, y) => x - y);
  expect(new Set(versions).size).toBe(20);
  expect(versions.at(-1)! - versions[0]!).toBe(19);

  const boards = await Promise.all(clients.map(async (client) => (await client.get("/api/leaderboard?limit=10")).json()));
  expect(boards[1]).toEqual(boards[0]);
  expect(boards[0].version).toBe(versions.at(-1));
  // Scores summed exactly once: athlete k got every i ≡ k (mod 5), i + 1 points each.
  const expected = [0, 1, 2, 3, 4].map((k) => [0, 1, 2, 3].reduce((sum, j) => sum + 5 * j + k + 1, 0));
  expect(boards[0].leaderboard.map((row: { score: number }) => row.score).sort((x: number, y: number) => y - x)).toEqual(expected.sort((x, y) => y - x));

  // Both pages show the same leader, live.
  const leader = boards[0].leaderboard[0].name as string;
  await expect(rankings(watcherA.page).first()).toContainText(leader);
  await expect(rankings(watcherB.page).first()).toContainText(leader);
  await Promise.all(clients.map((client) => client.dispose()));
  for (const who of [ana, ben, watcherA, watcherB]) await who.context.close();
});
