import { ChannelRegistry } from "./channels";

const alice = { userId: "alice", userInfo: { name: "Alice" } };
const bob = { userId: "bob", userInfo: null };

describe("ChannelRegistry", () => {
  it("tracks subscribers and forgets empty channels", () => {
    const registry = new ChannelRegistry();
    expect(registry.join("chat", "s1")).toEqual({ ok: true, alreadySubscribed: false });
    expect(registry.join("chat", "s1")).toEqual({ ok: true, alreadySubscribed: true });
    registry.join("chat", "s2");
    expect([...registry.subscribers("chat")]).toEqual(["s1", "s2"]);
    expect(registry.subscriptionCount("chat")).toBe(2);
    registry.leave("chat", "s1");
    registry.leave("chat", "s2");
    expect(registry.channelCount).toBe(0);
    expect(registry.leave("chat", "s2")).toBeUndefined();
  });

  it("counts presence per user: member_added on the first connection, member_removed after the last", () => {
    const registry = new ChannelRegistry();
    expect(registry.join("presence-x", "tab1", alice)).toMatchObject({ ok: true, memberAdded: alice });
    expect(registry.join("presence-x", "tab2", alice)).toEqual({ ok: true, alreadySubscribed: false });
    registry.join("presence-x", "other", bob);
    expect(registry.userCount("presence-x")).toBe(2);
    expect(registry.subscriptionCount("presence-x")).toBe(3);
    expect(registry.presence("presence-x")).toEqual({ ids: ["alice", "bob"], hash: { alice: { name: "Alice" }, bob: null }, count: 2 });
    expect(registry.userOf("presence-x", "tab2")).toBe("alice");

    expect(registry.leave("presence-x", "tab1")).toEqual({ channel: "presence-x" });
    expect(registry.leave("presence-x", "tab2")).toEqual({ channel: "presence-x", memberRemoved: "alice" });
    expect(registry.presence("presence-x").ids).toEqual(["bob"]);
  });

  it("admits the 100th distinct member, refuses the 101st, but still admits a known member's new tab", () => {
    const registry = new ChannelRegistry();
    for (let i = 1; i <= 100; i += 1) expect(registry.join("presence-x", `s${i}`, { userId: `u${i}`, userInfo: null }).ok).toBe(true);
    expect(registry.join("presence-x", "s101", { userId: "u101", userInfo: null })).toEqual({ ok: false, reason: "member-limit" });
    expect(registry.join("presence-x", "s1-tab2", { userId: "u1", userInfo: null }).ok).toBe(true);
    expect(registry.userCount("presence-x")).toBe(100);
  });

  it("refuses a connection's channel past its limit", () => {
    const registry = new ChannelRegistry({ channelsPerConnection: 3 });
    for (const channel of ["a", "b", "c"]) expect(registry.join(channel, "s1").ok).toBe(true);
    expect(registry.join("d", "s1")).toEqual({ ok: false, reason: "channel-limit" });
    expect(registry.join("a", "s1").ok).toBe(true);
    expect(registry.join("d", "s2").ok).toBe(true);
  });

  it("leaveAll removes a closed socket everywhere and reports departures", () => {
    const registry = new ChannelRegistry();
    registry.join("chat", "s1");
    registry.join("presence-x", "s1", alice);
    registry.join("presence-y", "s1", alice);
    registry.join("presence-y", "s2", alice);
    expect(registry.leaveAll("s1")).toEqual([{ channel: "chat" }, { channel: "presence-x", memberRemoved: "alice" }, { channel: "presence-y" }]);
    expect(registry.channelsOf("s1").size).toBe(0);
    expect([...registry.occupied()]).toEqual(["presence-y"]);
  });

  it("finds a user's sockets across presence channels", () => {
    const registry = new ChannelRegistry();
    registry.join("presence-x", "s1", alice);
    registry.join("presence-y", "s2", alice);
    registry.join("presence-y", "s3", bob);
    expect([...registry.socketsOfUser("alice")].sort()).toEqual(["s1", "s2"]);
    expect(registry.socketsOfUser("nobody").size).toBe(0);
  });
});
