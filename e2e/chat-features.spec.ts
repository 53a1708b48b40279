import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";

import { person } from "./support";

const box = (page: Page) => page.getByRole("textbox", { name: "Message", exact: true });
const history = (page: Page) => page.getByRole("log", { name: "Chat history" });
/** The message whose text is exactly `text` (its list item). */
const messageRow = (page: Page, text: string | RegExp) =>
  history(page).getByRole("listitem").filter({ has: page.locator("[data-slot=message-text]", { hasText: text }) });

async function say(page: Page, text: string) {
  await box(page).fill(text);
  await box(page).press("Enter");
  await expect(messageRow(page, text)).toHaveAttribute("data-status", "sent");
}

async function act(row: Locator, item: string | RegExp, role: "menuitem" | "menuitemcheckbox" = "menuitem") {
  await row.hover();
  await row.getByRole("button", { name: /^Actions for/ }).click();
  await row.page().getByRole("menu").getByRole(role, { name: item }).click();
}

const tag = () => Date.now().toString(36) + Math.floor(Math.random() * 1000).toString(36);

/** What a page shows of each of these messages: text, (edited), reactions, removed, Seen by. */
async function stateOf(page: Page, ids: string[]) {
  return Promise.all(
    ids.map(async (id) => {
      const row = history(page).locator(`[data-message-id="${id}"]`);
      await expect(row).toBeAttached();
      return row.evaluate((element) => ({
        text: element.querySelector("[data-slot=message-text]")?.textContent ?? null,
        removed: Boolean(element.querySelector("[data-slot=message-removed]")),
        edited: (element.textContent ?? "").includes("(edited)"),
        reactions: [...element.querySelectorAll("[aria-label='Reactions'] button")].map((button) => button.getAttribute("aria-label")),
        seen: [...element.querySelectorAll("[data-slot=seen-by] button")].map((button) => button.textContent?.trim()),
      }));
    }),
  );
}

async function idOf(page: Page, text: string) {
  return (await messageRow(page, text).getAttribute("data-message-id"))!;
}

test.describe("chat that reads well", () => {
  test("@ suggests teammates by keyboard, and a mention of you is highlighted for you only", async ({ browser }) => {
    const suffix = tag();
    const ana = await person(browser, `Ana ${suffix}`);
    const ben = await person(browser, `Ben ${suffix}`);
    await box(ben.page).pressSequentially(`Great lift @Ana ${suffix.slice(0, 3)}`);
    const option = ben.page.getByRole("listbox", { name: "Team members" }).getByRole("option", { name: new RegExp(`Ana ${suffix}.*online`) });
    await expect(option).toHaveAttribute("aria-selected", "true");
    await box(ben.page).press("Enter");
    await expect(box(ben.page)).toHaveValue(`Great lift @Ana ${suffix} `);
    await box(ben.page).pressSequentially("!");
    await box(ben.page).press("Enter");

    const received = messageRow(ana.page, `Great lift @Ana ${suffix} !`);
    await expect(received).toHaveAttribute("data-mentions-me", "true");
    await expect(received.locator("mark")).toHaveText(`@Ana ${suffix}`);
    const sent = messageRow(ben.page, `Great lift @Ana ${suffix} !`);
    await expect(sent).toHaveAttribute("data-status", "sent");
    await expect(sent.locator("mark")).toHaveCount(0);
    await ana.context.close();
    await ben.context.close();
  });

  test("links open safely; javascript: never becomes a link; a long word wraps", async ({ browser }) => {
    const ana = await person(browser, "Ana");
    const text = `plan https://example.com/plan-${tag()} or javascript:alert(1) ${"W".repeat(300)}`;
    await say(ana.page, text);
    const row = messageRow(ana.page, text.slice(0, 20));
    const link = row.getByRole("link");
    await expect(link).toHaveCount(1);
    await expect(link).toHaveAttribute("href", /^https:\/\/example\.com\/plan-/);
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
    const overflow = await history(ana.page).evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await ana.context.close();
  });

  test("coming back shows a New-messages line before what you have not read", async ({ browser }) => {
    const ana = await person(browser, "Ana");
    const ben = await person(browser, "Ben");
    const t = tag();
    await say(ana.page, `before ${t}`);
    await expect(messageRow(ben.page, `before ${t}`)).toBeVisible();
    await ana.page.getByRole("tab", { name: "Leaderboard" }).click();
    await say(ben.page, `unread one ${t}`);
    await say(ben.page, `unread two ${t}`);
    await ana.page.getByRole("tab", { name: /^Chat/ }).click();
    const line = history(ana.page).getByText("New messages", { exact: true });
    await expect(line).toBeVisible();
    const after = await line.evaluate((element) => element.closest("li")?.nextElementSibling?.textContent ?? "");
    expect(after).toContain(`unread one ${t}`);
    // Mine are never "new": the line sits after my own message.
    const before = await line.evaluate((element) => element.closest("li")?.previousElementSibling?.textContent ?? "");
    expect(before).toContain(`before ${t}`);
    await ana.context.close();
    await ben.context.close();
  });

  test("a link to an old message loads it, scrolls to it and highlights it", async ({ browser }) => {
    test.setTimeout(90_000);
    const t = tag();
    let first: { message: { id: string } } | undefined;
    // Three people post (each within the 20-per-10-s limit): the first message ends up outside the latest page of 50.
    for (let start = 0; start < 60; start += 20) {
      const seeder = await person(browser, `Seeder ${start}`);
      const origin = new URL(seeder.page.url()).origin;
      for (let i = start; i < start + 20; i += 1) {
        const response = await seeder.page.request.post("/api/chat", { data: { message: i === 0 ? `the old one ${t}` : `filler ${t} ${i}` }, headers: { origin } });
        expect(response.status()).toBe(201);
        if (i === 0) first = await response.json();
      }
      await seeder.context.close();
    }
    const { context, page } = await person(browser, "Reader");
    await page.goto(`/?tab=chat&message=${encodeURIComponent(first!.message.id)}`);
    const target = history(page).locator(`[data-message-id="${first!.message.id}"]`);
    await expect(target).toBeInViewport();
    await expect(target).toHaveAttribute("data-highlighted", "true");
    await expect(target).not.toHaveAttribute("data-highlighted", "true", { timeout: 5000 });
    await context.close();
  });
});

async function twoPeople(browser: Browser) {
  const coach = await person(browser, `Cora ${tag()}`, "coach");
  const ana = await person(browser, `Ana ${tag()}`);
  return { coach, ana };
}

test.describe("reactions, replies, edits, deletes, read receipts and pins", () => {
  test("everything done while one page was offline shows there the same once it is back", async ({ browser }) => {
    const { coach, ana } = await twoPeople(browser);
    const t = tag();
    await say(coach.page, `Warm up at 6 ${t}`);
    await expect(messageRow(ana.page, `Warm up at 6 ${t}`)).toBeVisible();
    await say(ana.page, `Typo mesage ${t}`);
    await say(ana.page, `Wrong chat ${t}`);
    const ids = await Promise.all([`Warm up at 6 ${t}`, `Typo mesage ${t}`, `Wrong chat ${t}`].map((text) => idOf(ana.page, text)));
    await expect(messageRow(coach.page, `Wrong chat ${t}`)).toBeVisible();

    await coach.context.setOffline(true);
    await expect(coach.page.getByRole("status")).toHaveText("Offline");

    // Ana reacts to the coach's message, edits one of hers and deletes the other.
    await act(messageRow(ana.page, `Warm up at 6 ${t}`), "strong", "menuitemcheckbox");
    await expect(messageRow(ana.page, `Warm up at 6 ${t}`).getByRole("button", { name: "strong: 1" })).toHaveAttribute("aria-pressed", "true");
    await act(messageRow(ana.page, `Typo mesage ${t}`), "Edit");
    const editor = ana.page.getByRole("textbox", { name: "Edit message" });
    await editor.fill(`Typo message ${t}`);
    await editor.press("Enter");
    await expect(messageRow(ana.page, `Typo message ${t}`)).toContainText("(edited)");
    await act(messageRow(ana.page, `Wrong chat ${t}`), "Delete");
    await ana.page.getByRole("group", { name: "Delete this message for everyone?" }).getByRole("button", { name: "Delete" }).click();
    await expect(history(ana.page).locator(`[data-message-id="${ids[2]}"]`)).toContainText("message removed");

    // The offline page has none of it yet.
    await expect(messageRow(coach.page, `Wrong chat ${t}`)).toBeVisible();

    await coach.context.setOffline(false);
    await expect(coach.page.getByRole("status")).toHaveText("Connected");
    const row = (id: string) => history(coach.page).locator(`[data-message-id="${id}"]`);
    await expect(row(ids[2]!)).toContainText("message removed");
    await expect(row(ids[1]!)).toContainText(`Typo message ${t}`);
    await expect(row(ids[1]!)).toContainText("(edited)");
    await expect(row(ids[0]!).getByRole("button", { name: "strong: 1" })).toHaveAttribute("aria-pressed", "false");
    // Ana read the coach's message: the coach sees it, with her name on demand.
    const seen = row(ids[0]!).getByRole("button", { name: "Seen by 1" });
    await expect(seen).toBeVisible();
    await seen.click();
    await expect(coach.page.getByRole("region", { name: "Seen by" })).toContainText("Ana");
    await coach.page.keyboard.press("Escape");

    // The page that was offline ends where a fresh load does.
    const caughtUp = await stateOf(coach.page, ids);
    await coach.page.reload();
    await expect(coach.page.getByRole("status")).toHaveText("Connected");
    // Read positions come with the coaches' channel, a moment after the history.
    await expect(row(ids[0]!).getByRole("button", { name: "Seen by 1" })).toBeVisible();
    expect(await stateOf(coach.page, ids)).toEqual(caughtUp);
    expect(caughtUp[2]).toMatchObject({ removed: true, text: null, reactions: [] });
    await coach.context.close();
    await ana.context.close();
  });

  test("a reply quotes its original and jumps to it; a coach pins and unpins for everyone", async ({ browser }) => {
    const { coach, ana } = await twoPeople(browser);
    const t = tag();
    await say(coach.page, `Bring chalk ${t}`);
    await act(messageRow(ana.page, `Bring chalk ${t}`), "Reply");
    await expect(ana.page.locator("[data-slot=replying-to]")).toContainText(`Bring chalk ${t}`);
    await expect(box(ana.page)).toBeFocused();
    await say(ana.page, `Will do ${t}`);
    await expect(ana.page.locator("[data-slot=replying-to]")).toHaveCount(0);

    const reply = messageRow(coach.page, `Will do ${t}`);
    const quote = reply.getByRole("button", { name: new RegExp(`In reply to .*: Bring chalk ${t}`) });
    await expect(quote).toBeVisible();
    await quote.click();
    await expect(messageRow(coach.page, `Bring chalk ${t}`)).toHaveAttribute("data-highlighted", "true");

    await act(messageRow(coach.page, `Bring chalk ${t}`), "Pin to the top");
    const bar = (page: Page) => page.getByRole("region", { name: "Pinned messages" });
    await expect(bar(ana.page)).toContainText(`Bring chalk ${t}`);
    await expect(bar(ana.page).getByRole("button", { name: /Unpin/ })).toHaveCount(0);
    await bar(coach.page).getByRole("button", { name: /^Unpin the message/ }).first().click();
    await expect(bar(ana.page).filter({ hasText: `Bring chalk ${t}` })).toHaveCount(0);
    await coach.context.close();
    await ana.context.close();
  });
});
