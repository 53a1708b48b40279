// @vitest-environment jsdom
import { deepLinkHref, onDeepLink, openDeepLink, parseDeepLink, type DeepLink } from "./deep-links";

describe("deep links", () => {
  it("round-trips a chat message and an athlete row through the URL", () => {
    const links: DeepLink[] = [
      { tab: "chat", message: "m12-ab3" },
      { tab: "leaderboard", athlete: "u_42" },
    ];
    for (const link of links) expect(parseDeepLink(deepLinkHref(link))).toEqual(link);
  });

  it("names nothing for other tabs, missing ids and ids that are not channel-safe", () => {
    expect(parseDeepLink("?tab=activity&message=m1-a")).toBeNull();
    expect(parseDeepLink("?tab=chat")).toBeNull();
    expect(parseDeepLink("?tab=chat&message=%3Cscript%3E")).toBeNull();
    expect(parseDeepLink(`?tab=leaderboard&athlete=${"a".repeat(65)}`)).toBeNull();
    expect(parseDeepLink("/?tab=chat&message=m1-a#x")).toEqual({ tab: "chat", message: "m1-a" });
  });

  it("opens a link: one history entry with the target in the URL, and every listener told", () => {
    const seen: DeepLink[] = [];
    const stop = onDeepLink((link) => seen.push(link));
    const before = window.history.length;
    openDeepLink({ tab: "leaderboard", athlete: "u1" });
    expect(window.location.search).toBe("?tab=leaderboard&athlete=u1");
    expect(window.history.length).toBe(before + 1);
    stop();
    openDeepLink({ tab: "chat", message: "m2-b" });
    expect(seen).toEqual([{ tab: "leaderboard", athlete: "u1" }]);
  });
});
