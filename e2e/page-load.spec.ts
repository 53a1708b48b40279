import { expect, test } from "@playwright/test";

import { join } from "./support";

test.describe("what one page load costs", () => {
  test("the join screen opens no WebSocket and never downloads pusher-js; joining opens exactly one", async ({ page }) => {
    const sockets: string[] = [];
    page.on("websocket", (socket) => sockets.push(socket.url()));
    const pusherScripts: string[] = [];
    page.on("response", async (response) => {
      if (response.request().resourceType() !== "script") return;
      const body = await response.text().catch(() => "");
      if (/xhr_streaming|sockjs/.test(body)) pusherScripts.push(new URL(response.url()).pathname);
    });
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Join" })).toBeEnabled();
    await page.waitForLoadState("networkidle");
    expect(sockets).toEqual([]);
    expect(pusherScripts).toEqual([]);

    await join(page, "Socket Counter");
    await expect(page.getByRole("status")).toHaveText("Connected");
    expect(sockets).toHaveLength(1);
    expect(pusherScripts).toHaveLength(1);
  });

  test("a signed-in load fetches /api/chat, /api/leaderboard and pusher-js once each", async ({ page }) => {
    // A coach: an athlete below the top rows also asks for their own row (`?around=`), a different query.
    await join(page, "Fetch Counter", "coach");
    await expect(page.getByRole("status")).toHaveText("Connected");
    // "Connected" shows before the subscription's own fetches go out: let the first page finish them,
    // so that only the reloaded page's requests are counted.
    await expect(page.getByText("No messages yet").or(page.getByRole("log", { name: "Chat history" }).getByRole("listitem").first())).toBeVisible();
    await page.waitForLoadState("networkidle");
    const counts = { chat: 0, leaderboard: 0, pusherScripts: 0 };
    page.on("response", async (response) => {
      if (response.request().resourceType() !== "script") return;
      if (/xhr_streaming|sockjs/.test(await response.text().catch(() => ""))) counts.pusherScripts += 1;
    });
    page.on("request", (request) => {
      const { pathname } = new URL(request.url());
      if (pathname === "/api/chat" && request.method() === "GET") counts.chat += 1;
      if (pathname === "/api/leaderboard" && request.method() === "GET") counts.leaderboard += 1;
    });
    await page.reload();
    await expect(page.getByRole("status")).toHaveText("Connected");
    await expect(page.getByText("No messages yet").or(page.getByRole("log", { name: "Chat history" }).getByRole("listitem").first())).toBeVisible();
    // Past the first-connection grace period, when a page that fetched twice would have.
    await page.waitForTimeout(2_500);
    expect(counts).toEqual({ chat: 1, leaderboard: 1, pusherScripts: 1 });
  });
});
