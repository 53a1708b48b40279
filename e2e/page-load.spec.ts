import { expect, test } from "@playwright/test";

import { join } from "./support";

test.describe("what one page load costs", () => {
  test("the join screen opens no WebSocket; joining opens exactly one", async ({ page }) => {
    const sockets: string[] = [];
    page.on("websocket", (socket) => sockets.push(socket.url()));
    await page.goto("/");
    await expect(page.getByRole("button", { name: "Join" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(sockets).toEqual([]);

    await join(page, "Socket Counter");
    await expect(page.getByRole("status")).toHaveText("Connected");
    expect(sockets).toHaveLength(1);
  });

  test("a signed-in load fetches /api/chat and /api/leaderboard once each", async ({ page }) => {
    // A coach: an athlete below the top rows also asks for their own row (`?around=`), a different query.
    await join(page, "Fetch Counter", "coach");
    await expect(page.getByRole("status")).toHaveText("Connected");
    const counts = { chat: 0, leaderboard: 0 };
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
    expect(counts).toEqual({ chat: 1, leaderboard: 1 });
  });
});
