import { describe, expect, it } from "vitest";

import { COACH_PAGE, legacyTabRedirect, parseTab, tabsFor } from "./tabs";

describe("parseTab", () => {
  it("opens the tab a link names", () => {
    expect(parseTab("leaderboard")).toBe("leaderboard");
    expect(parseTab("chat")).toBe("chat");
    expect(parseTab("activity", "athlete")).toBe("activity");
  });

  it("falls back to the chat for anything else", () => {
    expect(parseTab(undefined)).toBe("chat");
    expect(parseTab("LEADERBOARD")).toBe("chat");
    expect(parseTab(["leaderboard", "chat"])).toBe("leaderboard");
    expect(parseTab([])).toBe("chat");
  });

  it("has no Monitor tab for anyone: the monitor is the coaches' page", () => {
    expect(tabsFor("coach")).toEqual(["chat", "leaderboard", "activity"]);
    expect(tabsFor("athlete")).toEqual(["chat", "leaderboard", "activity"]);
    expect(parseTab("monitor", "coach")).toBe("chat");
    expect(parseTab("monitor", "athlete")).toBe("chat");
  });
});

describe("legacyTabRedirect", () => {
  it("sends a coach's old ?tab=monitor link to the coaches' page", () => {
    expect(legacyTabRedirect("monitor", "coach")).toBe(COACH_PAGE);
    expect(legacyTabRedirect(["monitor"], "coach")).toBe("/coach");
  });

  it("leaves athletes, the signed-out and every other tab where they are", () => {
    expect(legacyTabRedirect("monitor", "athlete")).toBeNull();
    expect(legacyTabRedirect("monitor", undefined)).toBeNull();
    expect(legacyTabRedirect("chat", "coach")).toBeNull();
    expect(legacyTabRedirect(undefined, "coach")).toBeNull();
  });
});
