import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { OnlineMember } from "@/hooks/use-pusher";

import { Composer } from "./composer";
import { insertMention, mentionQueryAt } from "./mention-query";

const online: OnlineMember[] = [
  { id: "me", name: "Ana", role: "athlete" },
  { id: "b", name: "Ben", role: "athlete" },
  { id: "c", name: "Bea Coach", role: "coach" },
];

function directory(users: { id: string; name: string; role: "athlete" | "coach" }[]) {
  return vi.fn(async (input: RequestInfo | URL) => {
    const q = new URL(String(input), "http://x").searchParams.get("q")!.toLowerCase();
    const found = users.filter((user) => user.name.toLowerCase().startsWith(q));
    return new Response(JSON.stringify({ users: found }), { status: 200, headers: { "content-type": "application/json" } });
  });
}

function setup(onSend = vi.fn()) {
  render(<Composer onSend={onSend} onTyping={() => {}} onStopTyping={() => {}} members={online} selfId="me" />);
  return { box: screen.getByRole("textbox", { name: "Message" }), onSend };
}

describe("mentionQueryAt", () => {
  it("finds the @name being typed, not e-mail addresses or finished lines", () => {
    expect(mentionQueryAt("hi @be", 6)).toEqual({ start: 3, query: "be" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("hi @Ana Si", 10)).toEqual({ start: 3, query: "Ana Si" });
    expect(mentionQueryAt("mail ana@ex", 11)).toBeNull();
    expect(mentionQueryAt("@ana\nnext", 9)).toBeNull();
    expect(mentionQueryAt("@ one", 5)).toBeNull();
    expect(mentionQueryAt(`@${"x".repeat(41)}`, 42)).toBeNull();
  });

  it("inserts the chosen name with one space after it", () => {
    expect(insertMention("hi @be and more", 3, 6, "Ben")).toEqual({ text: "hi @Ben and more", caret: 8 });
    expect(insertMention("@", 0, 1, "Bea Coach")).toEqual({ text: "@Bea Coach ", caret: 11 });
  });
});

describe("Composer mentions", () => {
  let fetchMock: ReturnType<typeof directory>;
  beforeEach(() => {
    fetchMock = directory([
      { id: "b", name: "Ben", role: "athlete" },
      { id: "o", name: "Bob Offline", role: "athlete" },
      { id: "me", name: "Ana", role: "athlete" },
    ]);
    vi.stubGlobal("fetch", fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("opens on @, lists online members first then others, never yourself, and inserts by keyboard", async () => {
    const user = userEvent.setup();
    const { box, onSend } = setup();
    await user.type(box, "nice @b");
    const list = await screen.findByRole("listbox", { name: "Team members" });
    expect(box).toHaveAttribute("aria-controls", list.id);
    // Online at once; the offline one after the directory answers.
    await screen.findByRole("option", { name: /Bob Offline/ });
    const names = screen.getAllByRole("option").map((option) => option.textContent);
    expect(names).toEqual([expect.stringMatching(/^B.*Bea Coach.*online/), expect.stringMatching(/^B.*Ben.*online/), expect.stringMatching(/Bob Offline.*offline/)]);
    expect(screen.queryByRole("option", { name: /Ana/ })).toBeNull();

    // The first is active; arrows move (and wrap); aria-activedescendant follows.
    const options = screen.getAllByRole("option");
    expect(options[0]).toHaveAttribute("aria-selected", "true");
    expect(box).toHaveAttribute("aria-activedescendant", options[0]!.id);
    await user.keyboard("{ArrowDown}");
    expect(box).toHaveAttribute("aria-activedescendant", options[1]!.id);
    expect(options[1]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(box).toHaveAttribute("aria-activedescendant", options[2]!.id);
    await user.keyboard("{ArrowDown}{ArrowDown}");

    // Enter inserts (does not send), the list closes, focus stays in the box.
    await user.keyboard("{Enter}");
    expect(box).toHaveValue("nice @Ben ");
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(box).not.toHaveAttribute("aria-activedescendant");
    expect(box).toHaveFocus();

    await user.type(box, "go{Enter}");
    expect(onSend).toHaveBeenCalledWith("nice @Ben go");
  });

  it("Tab inserts too; Escape closes the list without clearing the text, and Enter then sends", async () => {
    const user = userEvent.setup();
    const { box, onSend } = setup();
    await user.type(box, "@bea");
    await screen.findByRole("listbox");
    await user.keyboard("{Tab}");
    expect(box).toHaveValue("@Bea Coach ");
    expect(box).toHaveFocus();

    await user.type(box, "and @be");
    await screen.findByRole("listbox");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(box).toHaveValue("@Bea Coach and @be");
    await user.keyboard("{Enter}");
    expect(onSend).toHaveBeenCalledWith("@Bea Coach and @be");
  });

  it("picks with a press without taking focus from the box", async () => {
    const user = userEvent.setup();
    const { box } = setup();
    await user.type(box, "@");
    await user.click(await screen.findByRole("option", { name: /Ben/ }));
    expect(box).toHaveValue("@Ben ");
    expect(box).toHaveFocus();
  });

  it("stays closed when nobody matches, and asks the directory only after a pause", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      const { box } = setup();
      await user.type(box, "@zz");
      expect(screen.queryByRole("listbox")).toBeNull();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(200);
      });
      expect(fetchMock).toHaveBeenCalledTimes(1);
      expect(String(fetchMock.mock.calls[0]![0])).toContain("/api/users?q=zz");
      expect(screen.queryByRole("listbox")).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
