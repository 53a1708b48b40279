import { describe, expect, it } from "vitest";

import { APP_EVENTS } from "./app-events";
import {
  CHANNEL_TABLE,
  CHANNELS,
  channelKind,
  channelRow,
  classChannel,
  classIdOfPresence,
  classPresenceChannel,
  isActivityChannel,
  isAdminTriggerChannel,
  userChannel,
} from "./channels";

describe("CHANNEL_TABLE", () => {
  it("has a row for every named channel and both families", () => {
    for (const name of [...Object.values(CHANNELS), classChannel("u12"), userChannel("42"), classPresenceChannel("u12")]) expect(channelRow(name), name).not.toBeNull();
    expect(channelRow("somewhere-else")).toBeNull();
  });

  it("allows admin triggers on the app channels only, never chat, leaderboard or presence", () => {
    expect(CHANNEL_TABLE.filter((row) => row.adminTrigger).map((row) => row.kind)).toEqual(["notification", "admin", "progress", "class", "user"]);
    for (const name of [CHANNELS.chat, CHANNELS.leaderboard, CHANNELS.presenceChat, "private-anything", "presence-other"]) {
      expect(isAdminTriggerChannel(name), name).toBe(false);
    }
    for (const name of [CHANNELS.notifications, CHANNELS.admin, CHANNELS.progress, classChannel("u12-girls"), userChannel("user123")]) {
      expect(isAdminTriggerChannel(name), name).toBe(true);
    }
  });

  it("takes family ids of 1 to 64 channel-name characters", () => {
    expect(isAdminTriggerChannel("class--channel")).toBe(false);
    expect(isAdminTriggerChannel("private-user-")).toBe(false);
    expect(isAdminTriggerChannel(userChannel("x".repeat(64)))).toBe(true);
    expect(isAdminTriggerChannel(userChannel("x".repeat(65)))).toBe(false);
    expect(isAdminTriggerChannel(classChannel("a b"))).toBe(false);
  });

  it("keeps activity for public app channels, not private ones", () => {
    expect(isActivityChannel(CHANNELS.progress)).toBe(true);
    expect(isActivityChannel(classChannel("u9"))).toBe(true);
    expect(isActivityChannel(userChannel("42"))).toBe(false);
    expect(isActivityChannel(CHANNELS.chat)).toBe(false);
  });

  it("gives app events to exactly the channels the admin API may trigger on", () => {
    for (const row of CHANNEL_TABLE) {
      const sample =
        row.kind === "class"
          ? classChannel("a")
          : row.kind === "user"
            ? userChannel("a")
            : row.kind === "class-presence"
              ? classPresenceChannel("a")
              : row.kind === "call"
                ? "presence-call-a"
                : Object.values(CHANNELS).find((name) => row.match(name))!;
      expect(row.match(sample), row.kind).toBe(true);
      expect(channelKind(sample) !== null, row.kind).toBe(row.adminTrigger);
      if (row.adminTrigger) expect(Object.keys(APP_EVENTS)).toContain(row.kind);
    }
  });

  it("names a class's presence channel and reads the id back, refusing ids that are not channel ids", () => {
    expect(classPresenceChannel("u12-girls")).toBe("presence-class-u12-girls");
    expect(classIdOfPresence("presence-class-u12-girls")).toBe("u12-girls");
    expect(classIdOfPresence("presence-class-")).toBeNull();
    expect(classIdOfPresence("presence-class-a b")).toBeNull();
    expect(classIdOfPresence(`presence-class-${"x".repeat(65)}`)).toBeNull();
    expect(classIdOfPresence("presence-chat")).toBeNull();
    expect(isAdminTriggerChannel(classPresenceChannel("u12"))).toBe(false);
    expect(isAdminTriggerChannel(CHANNELS.classes)).toBe(false);
  });
});
