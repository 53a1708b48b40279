import { expect, test } from "@playwright/test";

import { person } from "./support";

test.describe("classes", () => {
  test("a coach starts a class; an athlete sees it listed live, opens it, and each sees who is there", async ({ browser }) => {
    const title = `Sprints ${Date.now().toString(36)}`;
    const coach = await person(browser, "Coach Cora", "coach", "/?tab=activity");
    const athlete = await person(browser, "Ana Athlete", "athlete", "/?tab=activity");
    const athleteClasses = athlete.page.getByRole("list", { name: "Classes" }).or(athlete.page.getByText(/^No classes yet/));
    await expect(athleteClasses.first()).toBeVisible();
    // Athletes cannot start one.
    await expect(athlete.page.getByRole("form", { name: "Start a class" })).toHaveCount(0);

    // By keyboard: type the title, press Enter.
    const form = coach.page.getByRole("form", { name: "Start a class" });
    await form.getByRole("textbox", { name: "Class title" }).fill(title);
    await form.getByRole("textbox", { name: "Class title" }).press("Enter");
    await expect(form.getByRole("textbox", { name: "Class title" })).toHaveValue("");
    const coachRow = coach.page.getByRole("list", { name: "Classes" }).getByRole("listitem").filter({ hasText: title });
    await expect(coachRow).toContainText("Nobody here yet");

    // The athlete's list gets it live (class-started), without a reload.
    const athleteRow = athlete.page.getByRole("list", { name: "Classes" }).getByRole("listitem").filter({ hasText: title });
    await expect(athleteRow).toContainText(/Started .* · Coach Cora/);
    await athleteRow.getByRole("link", { name: title }).click();
    await expect(athlete.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    const hereNow = athlete.page.getByRole("list", { name: "Here now" });
    await expect(hereNow).toContainText("Ana Athlete (you)");

    // The coach's list says who is there (read again every 10 s).
    await expect(coachRow).toContainText("Ana Athlete is here", { timeout: 15_000 });

    // The coach opens it too: the athlete sees them join, live.
    await coachRow.getByRole("link", { name: title }).click();
    await expect(coach.page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(hereNow).toContainText("Coach Cora");
    await expect(hereNow.getByRole("listitem")).toHaveCount(2);
    await coach.context.close();
    await expect(hereNow.getByRole("listitem")).toHaveCount(1);
    await athlete.context.close();
  });

  test("a title that is too long is refused in the form, and the data routes check who asks", async ({ browser }) => {
    const coach = await person(browser, "Coach Long", "coach", "/?tab=activity");
    const form = coach.page.getByRole("form", { name: "Start a class" });
    await form.getByRole("textbox", { name: "Class title" }).fill("x".repeat(81));
    await form.getByRole("button", { name: "Start class" }).click();
    await expect(form.getByRole("alert")).toHaveText("Titles are at most 80 characters.");

    const athlete = await person(browser, "Ana Curious");
    const refused = await athlete.page.request.post("/api/classes", { data: { title: "Mine" } });
    expect(refused.status()).toBe(403);
    expect((await athlete.page.request.get("/api/classes")).status()).toBe(200);
    await coach.context.close();
    await athlete.context.close();
  });
});
