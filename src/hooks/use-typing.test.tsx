import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { useFakePusherWithFakeTimers } from "../../tests/support/fake-pusher-clock";


import { FakePusher } from "../../tests/support/fake-pusher";
import { usePresence, useTyping } from "./use-pusher";
import { signedInWrapper } from "../../tests/support/signed-in";

vi.mock("pusher-js", async () => ({ default: (await import("../../tests/support/fake-pusher")).FakePusher }));

const me = { id: "me", name: "Ana", role: "athlete" as const };

const wrapper = signedInWrapper(me, { strict: false });

const presence = () => FakePusher.instances.at(-1)!.channel("presence-chat")!;

/** pusher-js is imported when the provider first subscribes: let that import finish. */
const loaded = () => act(() => vi.dynamicImportSettled());

function joinPresence() {
  const channel = presence();
  channel.members.all.set("me", { name: "Ana", role: "athlete" });
  channel.members.all.set("ben", { name: "Ben", role: "athlete" });
  act(() => channel.emit("pusher:subscription_succeeded"));
}

describe("useTyping", () => {
  useFakePusherWithFakeTimers();

  it("shows others typing by their presence name and expires them after about 3 s", async () => {
    const { result } = renderHook(() => useTyping(), { wrapper });
    await loaded();
    joinPresence();
    act(() => presence().emit("client-typing", { typing: true, name: "Mallory" }, { user_id: "ben" }));
    expect(result.current.typingLabel).toBe("Ben is typing…");
    act(() => vi.advanceTimersByTime(2900));
    expect(result.current.typingNames).toEqual(["Ben"]);
    act(() => vi.advanceTimersByTime(200));
    expect(result.current.typingNames).toEqual([]);
  });

  it("never shows yourself, and clears on typing: false", async () => {
    const { result } = renderHook(() => useTyping(), { wrapper });
    await loaded();
    joinPresence();
    act(() => presence().emit("client-typing", { typing: true }, { user_id: "me" }));
    expect(result.current.typingNames).toEqual([]);
    act(() => presence().emit("client-typing", { typing: true }, { user_id: "ben" }));
    act(() => presence().emit("client-typing", { typing: false }, { user_id: "ben" }));
    expect(result.current.typingNames).toEqual([]);
  });

  it("sends at most one typing event per second, and none before the subscription", async () => {
    const { result } = renderHook(() => useTyping(), { wrapper });
    await loaded();
    act(() => result.current.notifyTyping());
    expect(presence().triggered).toEqual([]);
    joinPresence();
    act(() => result.current.notifyTyping());
    act(() => result.current.notifyTyping());
    expect(presence().triggered).toEqual([{ event: "client-typing", data: { typing: true } }]);
    act(() => vi.advanceTimersByTime(1000));
    act(() => result.current.notifyTyping());
    act(() => result.current.stopTyping());
    expect(presence().triggered.map((t) => t.data)).toEqual([{ typing: true }, { typing: true }, { typing: false }]);
  });
});

describe("usePresence", () => {
  beforeEach(() => {
    FakePusher.instances = [];
  });
  afterEach(() => cleanup());

  it("lists each person once, following joins and leaves", async () => {
    const { result } = renderHook(() => usePresence(), { wrapper });
    await loaded();
    joinPresence();
    expect(result.current.map((m) => m.name)).toEqual(["Ana", "Ben"]);
    act(() => presence().emit("pusher:member_added", { id: "cy", info: { name: "Cy", role: "coach" } }));
    expect(result.current).toContainEqual({ id: "cy", name: "Cy", role: "coach" });
    act(() => presence().emit("pusher:member_removed", { id: "ben" }));
    expect(result.current.map((m) => m.name)).toEqual(["Ana", "Cy"]);
  });
});
