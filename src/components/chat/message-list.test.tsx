import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { ChatItem } from "@/hooks/chat-state";

import { MessageList } from "./message-list";

const items: ChatItem[] = Array.from({ length: 5 }, (_, i) => ({
  id: `m${i + 1}`,
  seq: i + 1,
  rev: i + 1,
  userId: "ben",
  user: "Ben",
  message: `message ${i + 1}`,
  timestamp: "2026-01-01T00:00:00.000Z",
  status: "sent" as const,
}));

/** jsdom has no layout: give the scroller a size and a scroll position. */
function scrollTo(element: HTMLElement, top: number) {
  Object.defineProperty(element, "scrollHeight", { configurable: true, value: 1000 });
  Object.defineProperty(element, "clientHeight", { configurable: true, value: 200 });
  element.scrollTop = top;
  fireEvent.scroll(element);
}

describe("MessageList", () => {
  it("reports leaving the newest messages and coming back, once each", () => {
    const onFollowChange = vi.fn();
    render(
      <MessageList
        items={items}
        currentUserId="ana"
        loading={false}
        hasOlder={false}
        loadingOlder={false}
        onLoadOlder={() => {}}
        onRetry={() => {}}
        onFollowChange={onFollowChange}
      />,
    );
    const log = screen.getByRole("log", { name: "Chat history" });
    scrollTo(log, 800);
    expect(onFollowChange).not.toHaveBeenCalled();
    scrollTo(log, 300);
    scrollTo(log, 250);
    expect(onFollowChange.mock.calls).toEqual([[false]]);
    scrollTo(log, 790);
    expect(onFollowChange.mock.calls).toEqual([[false], [true]]);
  });
});
