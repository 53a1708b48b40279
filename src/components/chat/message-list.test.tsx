import { fireEvent, render, screen, within } from "@testing-library/react";
import type { ComponentProps } from "react";
import { describe, expect, it, vi } from "vitest";

import type { ChatItem } from "@/hooks/chat-state";

import type { MessageView } from "./message-item";
import { MessageList } from "./message-list";

const NOW = new Date(2026, 11, 3, 15, 0);
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();

const items: ChatItem[] = Array.from({ length: 5 }, (_, i) => ({
  id: `m${i + 1}`,
  seq: i + 1,
  rev: i + 1,
  userId: "ben",
  user: "Ben",
  message: `message ${i + 1}`,
  timestamp: at(10 - i),
  status: "sent" as const,
}));

const view: MessageView = { currentUserId: "ana", myName: "Ana", names: ["Ana", "Ben", "Cara"], roleOf: () => undefined, now: NOW };

function show(props: Partial<ComponentProps<typeof MessageList>> = {}) {
  return render(
    <MessageList items={items} view={view} loading={false} hasOlder={false} loadingOlder={false} onLoadOlder={() => {}} onRetry={() => {}} {...props} />,
  );
}

/** jsdom has no layout: give the scroller a size and a scroll position. */
function scrollTo(element: HTMLElement, top: number) {
  Object.defineProperty(element, "scrollHeight", { configurable: true, value: 1000 });
  Object.defineProperty(element, "clientHeight", { configurable: true, value: 200 });
  element.scrollTop = top;
  fireEvent.scroll(element);
}

const messages = () => screen.getByRole("log", { name: "Chat history" }).querySelectorAll("li[data-key]");

describe("MessageList", () => {
  it("reports leaving the newest messages and coming back, once each", () => {
    const onFollowChange = vi.fn();
    show({ onFollowChange });
    const log = screen.getByRole("log", { name: "Chat history" });
    scrollTo(log, 800);
    expect(onFollowChange).not.toHaveBeenCalled();
    scrollTo(log, 300);
    scrollTo(log, 250);
    expect(onFollowChange.mock.calls).toEqual([[false]]);
    scrollTo(log, 790);
    expect(onFollowChange.mock.calls).toEqual([[false], [true]]);
  });

  it("shows one header (avatar, name, time) per group, under a day separator", () => {
    show();
    expect(screen.getByRole("heading", { name: "Today" })).toBeInTheDocument();
    const rows = [...messages()];
    expect(rows.map((row) => row.hasAttribute("data-group-start"))).toEqual([true, false, false, false, false]);
    expect(rows[0]!.querySelector("[data-slot=avatar]")).toHaveTextContent("B");
    expect(within(rows[0] as HTMLElement).getByText("Ben")).toBeInTheDocument();
    expect(rows[1]!.querySelector("[data-slot=avatar]")).toBeNull();
    // Every message, first or not, is named after its author and says when it was sent to screen readers.
    expect(screen.getAllByRole("listitem", { name: "Ben" })).toHaveLength(5);
    expect(rows[1]!.querySelector(".sr-only")?.textContent).toMatch(/2026/);
  });

  it("keeps a group with your pending and failed messages, and offers Retry on the failed one", () => {
    const onRetry = vi.fn();
    const mine: ChatItem[] = [
      { id: "m1", seq: 1, rev: 0, userId: "ana", user: "Ana", message: "sent", timestamp: at(2), status: "sent" },
      { clientMessageId: "c-1", userId: "ana", user: "Ana", message: "on its way", timestamp: at(1), status: "sending" },
      { clientMessageId: "c-2", userId: "ana", user: "Ana", message: "failed", timestamp: at(0), status: "failed", error: "No connection" },
    ];
    show({ items: mine, onRetry });
    const rows = [...messages()];
    expect(rows.map((row) => [row.getAttribute("data-status"), row.hasAttribute("data-group-start")])).toEqual([
      ["sent", true],
      ["sending", false],
      ["failed", false],
    ]);
    expect(screen.getAllByRole("listitem", { name: "Ana (you)" })).toHaveLength(3);
    expect(within(rows[1] as HTMLElement).getByText("Sending…")).toBeInTheDocument();
    fireEvent.click(within(rows[2] as HTMLElement).getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledWith("c-2");
  });

  it("draws the New-messages line before the first unread message from someone else", () => {
    show({ unreadAfterSeq: 3 });
    const line = screen.getByText("New messages");
    const next = line.closest("li")!.nextElementSibling!;
    expect(next).toHaveAttribute("data-key", "m4");
    // The line starts a new group.
    expect(next).toHaveAttribute("data-group-start");
  });

  it("badges coaches, from the message or else from who is online", () => {
    const mixed: ChatItem[] = [
      { id: "m1", seq: 1, rev: 0, userId: "cara", user: "Cara", role: "coach", message: "warm up", timestamp: at(30), status: "sent" },
      { id: "m2", seq: 2, rev: 0, userId: "dan", user: "Dan", message: "old message, no role", timestamp: at(20), status: "sent" },
      { id: "m3", seq: 3, rev: 0, userId: "ben", user: "Ben", role: "athlete", message: "ok", timestamp: at(10), status: "sent" },
    ];
    show({ items: mixed, view: { ...view, roleOf: (id) => (id === "dan" ? "coach" : undefined) } });
    expect(screen.getByRole("listitem", { name: "Cara (coach)" })).toHaveTextContent("Coach");
    expect(screen.getByRole("listitem", { name: "Dan (coach)" })).toHaveTextContent("Coach");
    expect(screen.getByRole("listitem", { name: "Ben" })).not.toHaveTextContent("Coach");
  });

  it("marks a message that mentions you, and not one that mentions someone else", () => {
    const mentioning: ChatItem[] = [
      { id: "m1", seq: 1, rev: 0, userId: "ben", user: "Ben", message: "nice lift @ana!", timestamp: at(3), status: "sent" },
      { id: "m2", seq: 2, rev: 0, userId: "ben", user: "Ben", message: "and @Cara too", timestamp: at(2), status: "sent" },
    ];
    show({ items: mentioning });
    const [first, second] = [...messages()];
    expect(first).toHaveAttribute("data-mentions-me");
    expect(within(first as HTMLElement).getByText("@ana").tagName).toBe("MARK");
    expect(within(first as HTMLElement).getByText(/Mentions you/)).toHaveClass("sr-only");
    expect(second).not.toHaveAttribute("data-mentions-me");
    expect(second!.querySelector("mark")).toBeNull();
  });

  it("highlights the message opened from a link and scrolls it into view", () => {
    const scrollIntoView = vi.fn();
    Element.prototype.scrollIntoView = scrollIntoView;
    show({ highlightId: "m2" });
    const target = document.querySelector("[data-message-id=m2]")!;
    expect(target).toHaveAttribute("data-highlighted");
    expect(scrollIntoView).toHaveBeenCalledWith(expect.objectContaining({ block: "center" }));
    expect(document.querySelectorAll("[data-highlighted]")).toHaveLength(1);
  });

  it("shows the exact time of a relative time on focus, as its description", () => {
    show();
    const stamp = document.querySelector<HTMLElement>("li[data-key] time")!;
    expect(stamp).toHaveAttribute("tabindex", "0");
    expect(stamp).toHaveTextContent(/min/);
    expect(stamp).toHaveAccessibleDescription(/2026/);
    expect(screen.getAllByRole("tooltip", { hidden: true })[0]).toHaveTextContent(/2026/);
  });
});
