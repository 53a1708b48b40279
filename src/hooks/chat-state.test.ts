import { describe, expect, it } from "vitest";

import type { ChatMessage } from "@/lib/schemas";

import { chatItems, chatReducer, initialChatState, type PendingMessage } from "./chat-state";

const message = (seq: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${seq}`,
  seq,
  userId: "ana",
  user: "Ana",
  message: `message ${seq}`,
  timestamp: "2026-01-01T00:00:00.000Z",
  ...extra,
});

const pending = (clientMessageId: string, extra: Partial<PendingMessage> = {}): PendingMessage => ({
  clientMessageId,
  userId: "ana",
  user: "Ana",
  message: "hi",
  timestamp: "2026-01-01T00:00:00.000Z",
  status: "sending",
  ...extra,
});

describe("chatReducer", () => {
  it("orders by seq and ignores duplicates, whatever the arrival order", () => {
    let state = chatReducer(initialChatState, { type: "merge", messages: [message(3), message(1)] });
    state = chatReducer(state, { type: "merge", messages: [message(2), message(3), message(1)] });
    expect(state.sent.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("keeps the same state object when nothing new arrives", () => {
    const state = chatReducer(initialChatState, { type: "merge", messages: [message(1)] });
    expect(chatReducer(state, { type: "merge", messages: [message(1)] })).toBe(state);
  });

  it("replaces an optimistic message with the confirmed one, from the response or the event", () => {
    let state = chatReducer(initialChatState, { type: "queue", message: pending("c1") });
    state = chatReducer(state, { type: "queue", message: pending("c2") });
    expect(chatItems(state).map((item) => item.status)).toEqual(["sending", "sending"]);
    state = chatReducer(state, { type: "merge", messages: [message(7, { clientMessageId: "c1" })] });
    expect(chatItems(state).map((item) => item.status)).toEqual(["sent", "sending"]);
    // The same confirmation again (event after response) changes nothing.
    expect(chatReducer(state, { type: "merge", messages: [message(7, { clientMessageId: "c1" })] })).toBe(state);
  });

  it("does not confirm someone else's message with the same clientMessageId", () => {
    let state = chatReducer(initialChatState, { type: "queue", message: pending("c1") });
    state = chatReducer(state, { type: "merge", messages: [message(1, { userId: "ben", clientMessageId: "c1" })] });
    expect(state.pending).toHaveLength(1);
  });

  it("marks a failed send and takes it back to sending on retry", () => {
    let state = chatReducer(initialChatState, { type: "queue", message: pending("c1") });
    state = chatReducer(state, { type: "failed", clientMessageId: "c1", error: "offline" });
    expect(state.pending[0]).toMatchObject({ status: "failed", error: "offline" });
    state = chatReducer(state, { type: "retrying", clientMessageId: "c1" });
    expect(state.pending[0]).toMatchObject({ status: "sending", error: undefined });
  });

  it("records history loads and older pages", () => {
    let state = chatReducer(initialChatState, { type: "loaded", messages: [message(5), message(6)], hasOlder: true });
    expect(state).toMatchObject({ loaded: true, hasOlder: true });
    state = chatReducer(state, { type: "older", messages: [message(3), message(4)], hasOlder: false });
    expect(state.sent.map((m) => m.seq)).toEqual([3, 4, 5, 6]);
    expect(state.hasOlder).toBe(false);
  });
});
