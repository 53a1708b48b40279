import { describe, expect, it } from "vitest";

import { parseTab, tabsFor } from "./tabs";

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

  it("opens Monitor for coaches only", () => {
    expect(parseTab("monitor", "coach")).toBe("monitor");
    expect(parseTab("monitor", "athlete")).toBe("chat");
    expect(tabsFor("athlete")).not.toContain("monitor");
  });
});
