import { matchRealtimeRoute, realtimeEndpointLabel, realtimeMethod, realtimePath, realtimeRoutePath, REALTIME_ROUTES } from "./realtime-routes";

describe("realtime route table", () => {
  it.each([
    ["/events", "events"],
    ["/batch_events", "batch_events"],
    ["/channels", "channels"],
    ["/channels/presence-chat", "channel"],
    ["/channels/presence-chat/users", "channel_users"],
    ["/users/u1/terminate_connections", "terminate_connections"],
    ["/stats", "stats"],
    ["/channels?info=user_count", "channels"],
  ])("labels %s as %s", (path, label) => {
    expect(realtimeEndpointLabel(path)).toBe(label);
  });

  it.each([["/"], [""], ["/nope"], ["/channels/a/b"], ["/channels/"], ["/users//terminate_connections"], ["/events/x"]])(
    "leaves %j unmatched",
    (path) => {
      expect(realtimeEndpointLabel(path)).toBeUndefined();
    },
  );

  it("returns the named parameters", () => {
    expect(matchRealtimeRoute("/channels/private-a/users")?.params).toEqual({ channel: "private-a" });
    expect(matchRealtimeRoute("/users/42/terminate_connections")?.params).toEqual({ userId: "42" });
  });

  it("builds each path so that it matches its own route", () => {
    for (const route of REALTIME_ROUTES) {
      const path = realtimePath("app-1", route.name, { channel: "presence-x", userId: "u 1" });
      expect(path.startsWith("/apps/app-1/")).toBe(true);
      expect(realtimeEndpointLabel(path.slice("/apps/app-1".length))).toBe(route.name);
      expect(realtimeMethod(route.name)).toBe(route.method);
    }
    expect(realtimePath("1", "terminate_connections", { userId: "a/b" })).toBe("/apps/1/users/a%2Fb/terminate_connections");
  });

  it("builds the path after /apps/{appId} that the pusher SDK's get() takes", () => {
    expect(realtimeRoutePath("channel_users", { channel: "presence-chat" })).toBe("/channels/presence-chat/users");
    expect(realtimeRoutePath("stats")).toBe("/stats");
  });

  it("refuses to build a path without its parameter", () => {
    expect(() => realtimePath("1", "channel")).toThrow(/channel/);
  });
});
