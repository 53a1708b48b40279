import { describe, expect, it } from "vitest";

import { parseTab } from "./tabs";

describe("parseTab", () => {
  it("opens the tab a link names", () => {
    expect(parseTab("leaderboard")).toBe("leaderboard");
    expect(parseTab("chat")).toBe("chat");
  });

  it("falls back to the chat for anything else", () => {
    expect(parseTab(undefined)).toBe("chat");
    expect(parseTab("LEADERBOARD")).toBe("chat");
    expect(parseTab(["leaderboard", "chat"])).toBe("leaderboard");
    expect(parseTab([])).toBe("chat");
  });
});
