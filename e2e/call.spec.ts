import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

import { person } from "./support";

/** One peer's byte counters, as the call window's "Details" table shows them (read from RTCPeerConnection.getStats). */
async function traffic(page: Page, peerId: string) {
  const row = page.getByTestId(`call-traffic-${peerId}`);
  await expect(row).toBeVisible();
  const read = async (name: string) => Number(await row.getAttribute(`data-${name}`));
  return { audioIn: await read("audio-in"), videoIn: await read("video-in"), audioOut: await read("audio-out"), videoOut: await read("video-out") };
}

/** Waits until `pick` of the peer's traffic is more than `above` (the table refreshes every second). */
async function grows(page: Page, peerId: string, pick: (t: Awaited<ReturnType<typeof traffic>>) => number, above: number) {
  await expect.poll(async () => pick(await traffic(page, peerId)), { timeout: 15_000 }).toBeGreaterThan(above);
}

/** No serious or critical axe-core finding on what the page shows now, in light and dark. */
async function accessible(page: Page, what: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${colorScheme}\\b`));
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `${what}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

const userIdOf = (page: Page) => page.evaluate(async () => ((await (await fetch("/api/session")).json()) as { user: { id: string } }).user.id);

test.describe("voice and video calls", () => {
  test("a coach and an athlete hold a video call: media both ways, mute stops sound, hang-up ends both sides, outsiders stay out", async ({ browser }) => {
    test.setTimeout(90_000);
    const coach = await person(browser, "Cora", "coach");
    const athlete = await person(browser, "Ana");
    const outsider = await person(browser, "Ben");
    const [coachId, athleteId] = [await userIdOf(coach.page), await userIdOf(athlete.page)];

    // The coach picks Ana among the people online and starts a video call.
    await coach.page.getByRole("button", { name: "Call" }).click();
    const picker = coach.page.getByRole("dialog", { name: "Start a call" });
    await picker.getByRole("checkbox", { name: /Ana/ }).check();
    const started = coach.page.waitForResponse((response) => response.url().endsWith("/api/calls") && response.status() === 201);
    await picker.getByRole("button", { name: "Video call" }).click();
    const { call } = (await (await started).json()) as { call: { id: string } };
    const coachWindow = coach.page.getByRole("region", { name: "Call with Ana" });
    await expect(coachWindow.getByRole("status")).toHaveText("Ringing…");

    // Ana's page rings, whichever tab she is on; she accepts.
    const ringing = athlete.page.getByRole("alertdialog", { name: "Incoming video call" });
    await expect(ringing).toContainText("Cora is calling you.");
    await expect(ringing.getByRole("button", { name: "Accept" })).toBeFocused();
    await expect(athlete.page.locator("[data-slot=call-announcer]")).toHaveText(/Incoming video call\. Cora is calling you\./);
    await accessible(athlete.page, "the ringing notice");
    await ringing.getByRole("button", { name: "Accept" }).click();
    const athleteWindow = athlete.page.getByRole("region", { name: "Call with Cora" });
    await expect(athleteWindow.getByRole("status")).toHaveText("In call", { timeout: 15_000 });
    await expect(coachWindow.getByRole("status")).toHaveText("In call", { timeout: 15_000 });

    // Media flows both ways.
    await coachWindow.getByRole("button", { name: "Details" }).click();
    await athleteWindow.getByRole("button", { name: "Details" }).click();
    await grows(coach.page, athleteId, (t) => t.videoIn, 20_000);
    await grows(coach.page, athleteId, (t) => t.audioIn, 2_000);
    await grows(athlete.page, coachId, (t) => t.videoIn, 20_000);
    await grows(athlete.page, coachId, (t) => t.audioIn, 2_000);
    await coach.page.screenshot({ path: "/work/wt/shots/call.png" });
    await accessible(coach.page, "the call window");

    // An outsider cannot get the call's channel signed; a participant can.
    const channel = `presence-call-${call.id}`;
    const authorize = (page: Page) =>
      page.evaluate(
        (name) => fetch("/api/pusher/auth", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `socket_id=123.456&channel_name=${name}` }).then((r) => r.status),
        channel,
      );
    expect(await authorize(outsider.page)).toBe(403);
    expect(await authorize(athlete.page)).toBe(200);

    // Muting stops the coach's outbound sound (the sender carries no track): the bytes stop growing on both ends.
    await coachWindow.getByRole("button", { name: "Mute" }).click();
    await expect(coachWindow.getByRole("button", { name: "Unmute" })).toBeVisible();
    await expect(athleteWindow.getByLabel("muted")).toBeVisible();
    await coach.page.waitForTimeout(1_500); // packets already in flight arrive
    const mutedOut = (await traffic(coach.page, athleteId)).audioOut;
    const mutedIn = (await traffic(athlete.page, coachId)).audioIn;
    const videoBefore = (await traffic(athlete.page, coachId)).videoIn;
    await grows(athlete.page, coachId, (t) => t.videoIn, videoBefore + 10_000); // time passes, video still flows
    expect((await traffic(coach.page, athleteId)).audioOut).toBe(mutedOut);
    expect((await traffic(athlete.page, coachId)).audioIn).toBe(mutedIn);
    // Unmuting brings the sound back.
    await coachWindow.getByRole("button", { name: "Unmute" }).click();
    await grows(athlete.page, coachId, (t) => t.audioIn, mutedIn);

    // Ana hangs up: both sides end.
    await athleteWindow.getByRole("button", { name: "Hang up" }).click();
    await expect(athleteWindow.getByRole("status")).toHaveText("You left the call.");
    await expect(coachWindow.getByRole("status")).toHaveText("The call ended: everyone else left.", { timeout: 10_000 });
    // The call is over: nobody gets its channel signed any more.
    expect(await authorize(athlete.page)).toBe(403);
    await coachWindow.getByRole("button", { name: "Close" }).click();
    await expect(coachWindow).toHaveCount(0);

    for (const p of [coach, athlete, outsider]) await p.context.close();
  });

  test("a declined call tells the coach, and a closed tab ends the call for the others", async ({ browser }) => {
    test.setTimeout(60_000);
    const coach = await person(browser, "Cora", "coach");
    const athlete = await person(browser, "Ana");

    const startWith = async (video: boolean) => {
      await coach.page.getByRole("button", { name: "Call" }).click();
      const picker = coach.page.getByRole("dialog", { name: "Start a call" });
      await picker.getByRole("checkbox", { name: /Ana/ }).check();
      await picker.getByRole("button", { name: video ? "Video call" : "Voice call" }).click();
    };

    await startWith(false);
    const ringing = athlete.page.getByRole("alertdialog", { name: "Incoming voice call" });
    await expect(ringing).toBeVisible();
    // A second tab of Ana's, on another page (a class) and opened after the invitation went out, rings too.
    const secondTab = await athlete.context.newPage();
    await secondTab.goto("/class/u12-girls");
    const ringingThere = secondTab.getByRole("alertdialog", { name: "Incoming voice call" });
    await expect(ringingThere).toContainText("Cora is calling you.");
    // Declining in one tab stops the other ringing.
    await ringing.press("Escape");
    await expect(ringing).toHaveCount(0);
    await expect(ringingThere).toHaveCount(0);
    await secondTab.close();
    const coachWindow = coach.page.getByRole("region", { name: "Call with Ana" });
    await expect(coachWindow.getByRole("status")).toHaveText("Nobody answered.");
    await coachWindow.getByRole("button", { name: "Close" }).click();

    await startWith(true);
    await athlete.page.getByRole("alertdialog", { name: "Incoming video call" }).getByRole("button", { name: "Accept" }).click();
    await expect(coachWindow.getByRole("status")).toHaveText("In call", { timeout: 15_000 });
    await athlete.context.close(); // the tab goes away without hanging up
    await expect(coachWindow.getByRole("status")).toHaveText("The call ended: everyone else left.", { timeout: 15_000 });
    await coach.context.close();
  });

  test("a group call: everyone connects to everyone, and the window fits a 320 px phone", async ({ browser }) => {
    test.setTimeout(90_000);
    const coach = await person(browser, "Cora", "coach");
    const ana = await person(browser, "Ana");
    const ben = await person(browser, "Ben");
    const ids = { coach: await userIdOf(coach.page), ana: await userIdOf(ana.page), ben: await userIdOf(ben.page) };

    await coach.page.getByRole("button", { name: "Call" }).click();
    const picker = coach.page.getByRole("dialog", { name: "Start a call" });
    await picker.getByRole("checkbox", { name: /Ana/ }).check();
    await picker.getByRole("checkbox", { name: /Ben/ }).check();
    await picker.getByRole("button", { name: "Video call" }).click();
    for (const invitee of [ana, ben]) {
      const ringing = invitee.page.getByRole("alertdialog", { name: "Incoming video call" });
      await expect(ringing).toContainText(/Cora is calling you with (Ana|Ben)\./);
      await ringing.getByRole("button", { name: "Accept" }).click();
    }

    const windows = [
      [coach.page, "Call with Ana, Ben", [ids.ana, ids.ben]],
      [ana.page, "Call with Cora, Ben", [ids.coach, ids.ben]],
      [ben.page, "Call with Cora, Ana", [ids.coach, ids.ana]],
    ] as const;
    for (const [page, name, peers] of windows) {
      const window = page.getByRole("region", { name });
      await expect(window.getByRole("status")).toHaveText("In call", { timeout: 20_000 });
      await window.getByRole("button", { name: "Details" }).click();
      for (const peer of peers) await grows(page, peer, (t) => t.videoIn, 10_000);
    }

    // Phones: the window fills the screen, nothing sticks out sideways, the controls are on screen.
    await ana.page.setViewportSize({ width: 320, height: 640 });
    const anaWindow = ana.page.getByRole("region", { name: "Call with Cora, Ben" });
    await expect(anaWindow.getByRole("button", { name: "Hang up" })).toBeInViewport();
    expect(await ana.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const box = await anaWindow.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 320).toBe(true);
    await ana.page.screenshot({ path: test.info().outputPath("group-call-320.png") });

    // The coach leaves: the two athletes stay connected to each other.
    await coach.page.getByRole("region", { name: "Call with Ana, Ben" }).getByRole("button", { name: "Hang up" }).click();
    await expect(anaWindow.getByRole("status")).toHaveText("In call");
    const before = (await traffic(ben.page, ids.ana)).videoIn;
    await grows(ben.page, ids.ana, (t) => t.videoIn, before + 10_000);
    await expect(ben.page.getByTestId(`call-traffic-${ids.coach}`)).toHaveCount(0);
    // Then Ana leaves: Ben's call ends.
    await anaWindow.getByRole("button", { name: "Hang up" }).click();
    await expect(ben.page.getByRole("region", { name: "Call with Cora, Ana" }).getByRole("status")).toHaveText("The call ended: everyone else left.", { timeout: 10_000 });
    for (const p of [coach, ana, ben]) await p.context.close();
  });
});
