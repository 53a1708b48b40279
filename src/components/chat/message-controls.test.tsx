import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";

import type { ChatItem } from "@/hooks/chat-state";
import type { ReactionEmoji } from "@/lib/chat";
import type { ChatMessage, Pin, Role } from "@/lib/schemas";

import type { ChatControls } from "./chat-controls";
import type { MessageView } from "./message-item";
import { MessageList } from "./message-list";
import { PinnedBar } from "./pinned-bar";
import { reactorsText } from "./reaction-bar";
import { useMessageParts } from "./use-message-parts";

const NOW = new Date(2026, 11, 3, 15, 0);
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();
const NAMES: Record<string, string> = { ana: "Ana", ben: "Ben", cara: "Cara" };

function message(seq: number, userId: string, text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return { id: `m${seq}`, seq, rev: seq, userId, user: NAMES[userId]!, message: text, timestamp: at(20 - seq), ...extra };
}

/** Controls that keep their messages in React state, as useChat does. */
function Harness({ initial, me = "ana", role = "athlete", spy = {}, pins = [] }: { initial: ChatMessage[]; me?: string; role?: Role; spy?: Partial<ChatControls>; pins?: Pin[] }) {
  const [messages, setMessages] = useState(initial);
  const [replying, setReplying] = useState<string | null>(null);
  const [jumped, setJumped] = useState<string | null>(null);
  const update = (id: string, change: (m: ChatMessage) => ChatMessage) => setMessages((all) => all.map((m) => (m.id === id ? change(m) : m)));
  const controls: ChatControls = {
    react: async (id, emoji, on) => {
      update(id, (m) => {
        const others = (m.reactions ?? []).filter((r) => r.emoji !== emoji);
        const current = m.reactions?.find((r) => r.emoji === emoji) ?? { emoji, count: 0, userIds: [] };
        const userIds = on ? [...current.userIds, me] : current.userIds.filter((u) => u !== me);
        return { ...m, reactions: userIds.length ? [...others, { emoji, count: userIds.length, userIds }] : others };
      });
    },
    reacted: (m, emoji) => Boolean(m.reactions?.find((r) => r.emoji === emoji)?.userIds.includes(me)),
    loadReactors: async () => ({ count: 0, names: [] }),
    edit: async (id, text) => update(id, (m) => ({ ...m, message: text, editedAt: NOW.toISOString() })),
    remove: async (id) => update(id, (m) => ({ ...m, message: "", deleted: true, reactions: undefined })),
    canEdit: (m) => m.userId === me && !m.deleted,
    canRemove: (m) => (m.userId === me || role === "coach") && !m.deleted,
    pins,
    pin: async () => undefined,
    unpin: async () => undefined,
    seenBy: () => (role === "coach" ? 2 : 0),
    loadSeenBy: async () => ["Ben", "Cara"],
    ...spy,
  };
  const { partsOf } = useMessageParts({
    controls,
    currentUserId: me,
    role,
    nameOf: (id) => NAMES[id],
    onReply: (m) => setReplying(m.id),
    onJump: setJumped,
  });
  const view: MessageView = { currentUserId: me, myName: NAMES[me], names: Object.values(NAMES), roleOf: () => undefined, now: NOW };
  const items: ChatItem[] = messages.map((m) => ({ ...m, status: "sent" as const }));
  return (
    <>
      <MessageList items={items} view={view} loading={false} hasOlder={false} loadingOlder={false} onLoadOlder={() => {}} onRetry={() => {}} partsOf={partsOf} />
      <output data-testid="replying">{replying ?? ""}</output>
      <output data-testid="jumped">{jumped ?? ""}</output>
    </>
  );
}

const row = (id: string) => document.querySelector<HTMLElement>(`[data-message-id=${id}]`)!;

async function openMenu(user: ReturnType<typeof userEvent.setup>, name: RegExp | string) {
  await user.click(screen.getByRole("button", { name }));
  return screen.getByRole("menu");
}

describe("reactions", () => {
  it("adds a reaction from the menu by keyboard, shows the count and who, and toggles it off from the bar", async () => {
    const user = userEvent.setup();
    render(<Harness initial={[message(1, "ben", "PR today!", { reactions: [{ emoji: "🔥", count: 1, userIds: ["cara"] }] })]} />);
    const fire = within(row("m1")).getByRole("button", { name: "fire: 1" });
    expect(fire).toHaveAttribute("aria-pressed", "false");
    expect(fire).toHaveAccessibleDescription("fire: Cara");

    // Menu by keyboard: focus the button, Enter opens with focus on the first reaction, arrows move, Enter picks.
    within(row("m1")).getByRole("button", { name: "Actions for Ben's message" }).focus();
    await user.keyboard("{Enter}");
    const menu = screen.getByRole("menu", { name: "Actions for Ben's message" });
    expect(within(menu).getByRole("menuitemcheckbox", { name: "thumbs up" })).toHaveFocus();
    await user.keyboard("{End}");
    expect(within(menu).getByRole("menuitem", { name: "Reply" })).toHaveFocus();
    await user.keyboard("{Home}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}");
    expect(within(menu).getByRole("menuitemcheckbox", { name: "fire" })).toHaveFocus();
    expect(within(menu).getByRole("menuitemcheckbox", { name: "fire" })).toHaveAttribute("aria-checked", "false");
    await user.keyboard("{Enter}");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(within(row("m1")).getByRole("button", { name: "Actions for Ben's message" })).toHaveFocus();

    const mine = within(row("m1")).getByRole("button", { name: "fire: 2" });
    expect(mine).toHaveAttribute("aria-pressed", "true");
    expect(mine).toHaveAccessibleDescription("fire: Cara and you");
    await user.click(mine);
    expect(within(row("m1")).getByRole("button", { name: "fire: 1" })).toHaveAttribute("aria-pressed", "false");
  });

  it("names everyone on focus when the message lists fewer than reacted", async () => {
    const everyone = Array.from({ length: 25 }, (_, i) => `P${i + 1}`);
    const loadReactors = vi.fn(async () => ({ count: 25, names: everyone }));
    render(<Harness initial={[message(1, "ben", "hi", { reactions: [{ emoji: "👍", count: 25, userIds: ["cara"] }] })]} spy={{ loadReactors }} />);
    const chip = screen.getByRole("button", { name: "thumbs up: 25" });
    expect(chip).toHaveAccessibleDescription("thumbs up: Cara and 24 others");
    act(() => chip.focus());
    await waitFor(() => expect(chip).toHaveAccessibleDescription(`thumbs up: ${everyone.slice(0, -1).join(", ")} and P25`));
    expect(loadReactors).toHaveBeenCalledWith("m1", "👍");
  });

  it("writes who reacted in plain words", () => {
    expect(reactorsText([], 0)).toBe("");
    expect(reactorsText(["Ana"], 1)).toBe("Ana");
    expect(reactorsText(["Ana", "you"], 2)).toBe("Ana and you");
    expect(reactorsText(["Ana"], 3)).toBe("Ana and 2 others");
    expect(reactorsText([], 1)).toBe("1 other");
  });
});

describe("reply, edit and delete", () => {
  it("Reply hands the message to the composer; a reply's quote jumps to the original", async () => {
    const user = userEvent.setup();
    const original = message(1, "ben", "Squats at 6?");
    const reply = message(2, "cara", "Yes!", { replyTo: { id: "m1", seq: 1, userId: "ben", user: "Ben", excerpt: "Squats at 6?" } });
    render(<Harness initial={[original, reply]} />);
    const menu = await openMenu(user, "Actions for Ben's message");
    await user.click(within(menu).getByRole("menuitem", { name: "Reply" }));
    expect(screen.getByTestId("replying")).toHaveTextContent("m1");

    await user.click(within(row("m2")).getByRole("button", { name: "In reply to Ben: Squats at 6?. Show the original message" }));
    expect(screen.getByTestId("jumped")).toHaveTextContent("m1");
  });

  it("edits your own message in place: Enter saves and shows (edited); Escape cancels", async () => {
    const user = userEvent.setup();
    render(<Harness initial={[message(1, "ana", "5 x 5 at 80"), message(2, "ben", "not mine")]} />);
    // Only your own messages can be edited.
    const others = await openMenu(user, "Actions for Ben's message");
    expect(within(others).queryByRole("menuitem", { name: "Edit" })).toBeNull();
    expect(within(others).queryByRole("menuitem", { name: "Delete" })).toBeNull();
    await user.keyboard("{Escape}");

    await user.click(within(await openMenu(user, "Actions for your message")).getByRole("menuitem", { name: "Edit" }));
    const box = screen.getByRole("textbox", { name: "Edit message" });
    expect(box).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("textbox", { name: "Edit message" })).toBeNull();
    expect(row("m1")).toHaveTextContent("5 x 5 at 80");

    await user.click(within(await openMenu(user, "Actions for your message")).getByRole("menuitem", { name: "Edit" }));
    await user.clear(screen.getByRole("textbox", { name: "Edit message" }));
    await user.type(screen.getByRole("textbox", { name: "Edit message" }), "5 x 5 at 85{Enter}");
    expect(row("m1")).toHaveTextContent("5 x 5 at 85");
    expect(row("m1")).toHaveTextContent("(edited)");
  });

  it("shows a refused edit under the box and keeps the text", async () => {
    const user = userEvent.setup();
    const edit = vi.fn(async () => {
      throw new Error("Messages can only be edited for 15 minutes.");
    });
    render(<Harness initial={[message(1, "ana", "old")]} spy={{ edit }} />);
    await user.click(within(await openMenu(user, "Actions for your message")).getByRole("menuitem", { name: "Edit" }));
    await user.type(screen.getByRole("textbox", { name: "Edit message" }), " new{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Messages can only be edited for 15 minutes.");
    expect(screen.getByRole("textbox", { name: "Edit message" })).toHaveValue("old new");
  });

  it("asks before deleting, then shows 'message removed' without reactions or actions", async () => {
    const user = userEvent.setup();
    render(<Harness initial={[message(1, "ana", "oops", { reactions: [{ emoji: "😂", count: 1, userIds: ["ben"] }] })]} />);
    await user.click(within(await openMenu(user, "Actions for your message")).getByRole("menuitem", { name: "Delete" }));
    const confirm = screen.getByRole("group", { name: "Delete this message for everyone?" });
    expect(within(confirm).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("group", { name: /Delete this message/ })).toBeNull();
    expect(row("m1")).toHaveTextContent("oops");

    await user.click(within(await openMenu(user, "Actions for your message")).getByRole("menuitem", { name: "Delete" }));
    await user.click(screen.getByRole("button", { name: "Delete" }));
    expect(row("m1")).toHaveTextContent("message removed");
    expect(row("m1")).not.toHaveTextContent("oops");
    expect(within(row("m1")).queryByRole("button")).toBeNull();
  });

  it("lets a coach delete anyone's message and pin it; athletes cannot pin", async () => {
    const user = userEvent.setup();
    const pin = vi.fn(async () => undefined);
    const { unmount } = render(<Harness initial={[message(1, "ben", "hi")]} me="cara" role="coach" spy={{ pin }} />);
    const menu = await openMenu(user, "Actions for Ben's message");
    expect(within(menu).getByRole("menuitem", { name: "Delete" })).toBeInTheDocument();
    await user.click(within(menu).getByRole("menuitem", { name: "Pin to the top" }));
    expect(pin).toHaveBeenCalledWith("m1");
    unmount();

    render(<Harness initial={[message(1, "ben", "hi")]} />);
    const athleteMenu = await openMenu(user, "Actions for Ben's message");
    expect(within(athleteMenu).queryByRole("menuitem", { name: /Pin/ })).toBeNull();
  });
});

describe("read receipts and pins", () => {
  it("shows coaches 'Seen by N' under the last message of a group, with the names on demand", async () => {
    const user = userEvent.setup();
    render(<Harness initial={[message(1, "cara", "Warm up"), message(2, "cara", "Then squats")]} me="cara" role="coach" />);
    expect(within(row("m1")).queryByRole("button", { name: /Seen by/ })).toBeNull();
    const seen = within(row("m2")).getByRole("button", { name: "Seen by 2" });
    await user.click(seen);
    const names = await screen.findByRole("region", { name: "Seen by" });
    await waitFor(() => expect(within(names).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["Ben", "Cara"]));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("region", { name: "Seen by" })).toBeNull();
    expect(seen).toHaveFocus();
  });

  it("athletes see no read receipts", () => {
    render(<Harness initial={[message(1, "ana", "hi")]} />);
    expect(screen.queryByRole("button", { name: /Seen by/ })).toBeNull();
  });

  it("the pinned bar shows the latest pin, the rest on demand, opens a pin and lets coaches unpin", async () => {
    const user = userEvent.setup();
    const onOpen = vi.fn();
    const onUnpin = vi.fn();
    const pins: Pin[] = [
      { id: "m1", seq: 1, userId: "cara", user: "Cara", excerpt: "Meet at 6", pinnedBy: "Cara", pinnedAt: "2026-12-03T08:00:00.000Z" },
      { id: "m5", seq: 5, userId: "cara", user: "Cara", excerpt: "Bring chalk", pinnedBy: "Cara", pinnedAt: "2026-12-03T09:00:00.000Z" },
    ];
    const { rerender } = render(<PinnedBar pins={pins} canUnpin onOpen={onOpen} onUnpin={onUnpin} />);
    const bar = screen.getByRole("region", { name: "Pinned messages" });
    expect(within(bar).getAllByRole("listitem")).toHaveLength(1);
    expect(bar).toHaveTextContent("Bring chalk");
    await user.click(within(bar).getByRole("button", { name: "2 pinned" }));
    expect(within(bar).getAllByRole("listitem")).toHaveLength(2);
    await user.click(within(bar).getByRole("button", { name: /Meet at 6. Show it in the chat/ }));
    expect(onOpen).toHaveBeenCalledWith("m1");
    await user.click(within(bar).getAllByRole("button", { name: "Unpin the message from Cara" })[0]!);
    expect(onUnpin).toHaveBeenCalledWith("m5");

    rerender(<PinnedBar pins={pins} canUnpin={false} onOpen={onOpen} onUnpin={onUnpin} />);
    expect(screen.queryByRole("button", { name: /Unpin/ })).toBeNull();
    rerender(<PinnedBar pins={[]} canUnpin onOpen={onOpen} onUnpin={onUnpin} />);
    expect(screen.queryByRole("region", { name: "Pinned messages" })).toBeNull();
  });
});

describe("menu dismissal", () => {
  it("closes on a press outside and on Tab", async () => {
    const user = userEvent.setup();
    render(<Harness initial={[message(1, "ben", "hi")]} />);
    await openMenu(user, "Actions for Ben's message");
    fireEvent.pointerDown(document.body);
    await waitFor(() => expect(screen.queryByRole("menu")).toBeNull());
    await openMenu(user, "Actions for Ben's message");
    await user.keyboard("{Tab}");
    expect(screen.queryByRole("menu")).toBeNull();
  });
});

// Keeps the emoji type honest in this file.
export const _emoji: ReactionEmoji = "👍";
