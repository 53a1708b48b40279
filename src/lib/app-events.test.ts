import { describe, expect, it } from "vitest";

import { appEventSchema } from "./app-events";
import { channelKind } from "./channels";

describe("channelKind", () => {
  it("recognises each allow-listed app channel", () => {
    expect(channelKind("notification-channel")).toBe("notification");
    expect(channelKind("admin-channel")).toBe("admin");
    expect(channelKind("progress-channel")).toBe("progress");
    expect(channelKind("class-u12-girls-channel")).toBe("class");
    expect(channelKind("private-user-42")).toBe("user");
    expect(channelKind("chat-channel")).toBeNull();
    expect(channelKind("presence-chat")).toBeNull();
  });
});

describe("appEventSchema", () => {
  const accepts = (channel: string, event: string, data: unknown) => appEventSchema(channel, event)?.safeParse(data).success ?? false;

  it("knows which events each channel carries", () => {
    expect(appEventSchema("admin-channel", "announcement")).not.toBeNull();
    expect(appEventSchema("admin-channel", "notification")).toBeNull();
    expect(appEventSchema("class-a-channel", "attendance")).not.toBeNull();
    expect(appEventSchema("progress-channel", "toString")).toBeNull();
    expect(appEventSchema("progress-channel", "__proto__")).toBeNull();
  });

  it("checks notifications: a title of 1–120 characters, optional body and level", () => {
    expect(accepts("notification-channel", "notification", { title: "Hi" })).toBe(true);
    expect(accepts("notification-channel", "notification", { title: "x".repeat(120), body: "b", level: "warning" })).toBe(true);
    expect(accepts("notification-channel", "notification", { title: "x".repeat(121) })).toBe(false);
    expect(accepts("notification-channel", "notification", { title: "Hi", level: "loud" })).toBe(false);
    expect(accepts("private-user-1", "notification", { title: "" })).toBe(false);
  });

  it("checks announcements, progress, class updates and attendance", () => {
    expect(accepts("admin-channel", "announcement", { message: "x".repeat(500) })).toBe(true);
    expect(accepts("admin-channel", "announcement", { message: "x".repeat(501) })).toBe(false);
    expect(accepts("progress-channel", "progress-update", { athlete: "Ana", metric: "100 m", value: 12.4 })).toBe(true);
    expect(accepts("progress-channel", "progress-update", { athlete: "Ana", metric: "100 m", value: Number.NaN })).toBe(false);
    expect(accepts("class-a-channel", "class-update", { title: "Moved" })).toBe(true);
    expect(accepts("class-a-channel", "attendance", { present: 12, total: 12 })).toBe(true);
    expect(accepts("class-a-channel", "attendance", { present: 13, total: 12 })).toBe(false);
    expect(accepts("class-a-channel", "attendance", { present: 1.5, total: 12 })).toBe(false);
  });

  it("refuses unknown fields, so nothing unexpected reaches the browser", () => {
    expect(accepts("admin-channel", "announcement", { message: "hi", html: "<script>" })).toBe(false);
  });
});
