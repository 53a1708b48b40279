import { EventCache } from "./event-cache";

describe("EventCache", () => {
  let now = 0;
  const clock = () => now;

  it("returns the latest event of a channel", () => {
    const cache = new EventCache({ now: clock });
    expect(cache.get("cache-a")).toBeUndefined();
    cache.set("cache-a", { event: "e1", data: "1" });
    cache.set("cache-a", { event: "e2", data: "2" });
    expect(cache.get("cache-a")).toEqual({ event: "e2", data: "2" });
  });

  it("forgets an entry once it is 30 minutes old", () => {
    const cache = new EventCache({ now: clock });
    now = 0;
    cache.set("cache-a", { event: "e", data: "d" });
    now = 30 * 60_000 - 1;
    expect(cache.get("cache-a")).toBeDefined();
    now = 30 * 60_000;
    expect(cache.get("cache-a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("evicts the least recently written channel when full", () => {
    const cache = new EventCache({ maxEntries: 2, now: clock });
    cache.set("a", { event: "e", data: "a" });
    cache.set("b", { event: "e", data: "b" });
    cache.set("a", { event: "e", data: "a2" });
    cache.set("c", { event: "e", data: "c" });
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.data).toBe("a2");
    expect(cache.size).toBe(2);
  });
});
