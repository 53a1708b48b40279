import { readFile } from "node:fs/promises";

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";

import { join, person } from "./support";

const history = (page: Page) => page.getByRole("log", { name: "Chat history" });
const box = (page: Page) => page.getByRole("textbox", { name: "Message", exact: true });

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);

/** A phone photo: 1200 × 800, with GPS in its EXIF. */
function photo(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: "#3b82f6" } })
    .composite([{ input: Buffer.from('<svg width="1200" height="800"><circle cx="600" cy="400" r="250" fill="#f59e0b"/></svg>'), top: 0, left: 0 }])
    .jpeg()
    .withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 0/1" } })
    .toBuffer();
}

test.describe("files in chat", () => {
  test("a coach shares a PDF and a photo; an athlete sees the thumbnail, opens it and downloads the PDF", async ({ browser }) => {
    const coach = await person(browser, "Coach Kim", "coach");
    const athlete = await person(browser, "Ana");
    const tag = Date.now().toString(36);

    await coach.page.getByTestId("attach-input").setInputFiles([
      { name: "squat.jpg", mimeType: "image/jpeg", buffer: await photo() },
      { name: "Week 3 plan.pdf", mimeType: "application/pdf", buffer: PDF },
    ]);
    const chips = coach.page.getByRole("list", { name: "Attached files" });
    await expect(chips.getByRole("listitem")).toHaveCount(2);
    await expect(chips.getByRole("progressbar")).toHaveCount(0);
    await expect(chips.locator("img")).toHaveCount(1);
    await box(coach.page).fill(`Form check and the plan ${tag}`);
    await box(coach.page).press("Enter");
    await expect(chips).toHaveCount(0);

    const message = history(athlete.page).getByRole("listitem", { name: "Coach Kim (coach)" }).filter({ hasText: tag });
    const thumbnail = message.getByRole("img", { name: "squat.jpg" });
    await expect(thumbnail).toBeVisible();
    await expect.poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(320);
    const open = message.getByRole("link", { name: "Open photo squat.jpg full size" });
    const href = await open.getAttribute("href");
    const full = await athlete.page.request.get(href!);
    expect(full.headers()["content-type"]).toBe("image/jpeg");
    expect(full.headers()["content-disposition"]).toMatch(/^inline/);
    expect(full.headers()["x-content-type-options"]).toBe("nosniff");
    expect(full.headers()["content-security-policy"]).toContain("sandbox");
    expect((await sharp(await full.body()).metadata()).exif).toBeUndefined();

    const card = message.getByRole("link", { name: /^Download Week 3 plan\.pdf \(PDF, \d+ bytes\)$/ });
    await expect(card).toBeVisible();
    const [download] = await Promise.all([athlete.page.waitForEvent("download"), card.click()]);
    expect(download.suggestedFilename()).toBe("Week 3 plan.pdf");
    expect((await readFile((await download.path())!)).equals(PDF)).toBe(true);

    // Signed out, nothing is served.
    const anonymous = await browser.newContext();
    expect((await anonymous.request.get(new URL(href!, athlete.page.url()).toString())).status()).toBe(401);

    await athlete.page.getByRole("region", { name: "Team chat" }).screenshot({ path: "/work/wt/shots/files.png" });
    await Promise.all([coach.context.close(), athlete.context.close(), anonymous.close()]);
  });

  test("a file that is not what its name says is refused in the composer, and can be removed", async ({ browser }) => {
    const coach = await person(browser, "Coach Lee", "coach");
    await coach.page.getByTestId("attach-input").setInputFiles([{ name: "cute.jpg", mimeType: "image/jpeg", buffer: Buffer.from("<script>alert(1)</script>") }]);
    const chips = coach.page.getByRole("list", { name: "Attached files" });
    await expect(chips.getByText(/Only photos/)).toBeVisible();
    await expect(coach.page.getByRole("button", { name: "Send" })).toBeDisabled();
    await coach.page.getByRole("button", { name: "Remove cute.jpg" }).click();
    await expect(chips).toHaveCount(0);
    await coach.context.close();
  });

  test("on a 320 px phone, in light and dark: the photo, the PDF card and the composer's chips fit, with no serious axe finding", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await join(page, "Coach Ray", "coach", "/?tab=chat");
    await expect(page.getByRole("status")).toHaveText("Connected");
    await page.getByTestId("attach-input").setInputFiles([
      { name: "a-very-long-photo-name-from-the-phone-gallery-2026-12-03.jpg", mimeType: "image/jpeg", buffer: await photo() },
      { name: "Season plan with a long title for the whole squad.pdf", mimeType: "application/pdf", buffer: PDF },
    ]);
    const chips = page.getByRole("list", { name: "Attached files" });
    await expect(chips.getByRole("progressbar")).toHaveCount(0);
    await expect(chips.getByRole("listitem")).toHaveCount(2);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await fits()).toBe(true);
    await page.getByRole("button", { name: "Send" }).click();
    await expect(history(page).getByRole("link", { name: /^Download Season plan/ })).toBeVisible();
    await expect(history(page).getByRole("img", { name: /^a-very-long-photo-name/ })).toBeVisible();
    expect(await fits()).toBe(true);
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
      await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${colorScheme}\\b`));
      const results = await new AxeBuilder({ page }).include("[aria-label='Team chat']").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect(serious, colorScheme).toEqual([]);
    }
    await page.getByRole("region", { name: "Team chat" }).screenshot({ path: "test-results/files-phone-dark.png" });
    await context.close();
  });
});
