import { describe, expect, it } from "vitest";

import type { ChatMessage } from "@/lib/schemas";

import { CHAT_MAX_HELD, CHAT_WINDOW, chatItems, chatReducer, initialChatState, type PendingMessage } from "./chat-state";

const message = (seq: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${seq}`,
  seq,
  rev: seq,
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

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => message(from + i));

describe("chatReducer window", () => {
  it(`holds only the newest ${CHAT_WINDOW} confirmed messages while following, however long the session`, () => {
    let state = chatReducer(initialChatState, { type: "loaded", messages: range(1, 50), hasOlder: false });
    for (let seq = 51; seq <= 5000; seq += 1) state = chatReducer(state, { type: "merge", messages: [message(seq)] });
    expect(state.sent).toHaveLength(CHAT_WINDOW);
    expect(state.sent[0]!.seq).toBe(5000 - CHAT_WINDOW + 1);
    expect(state.sent.at(-1)!.seq).toBe(5000);
    expect(state.hasOlder).toBe(true);
  });

  it("places out-of-order arrivals by seq and drops duplicates", () => {
    const seqs = Array.from({ length: 300 }, (_, i) => i + 1);
    // A fixed shuffle (no randomness in tests), each message delivered twice.
    const order = seqs.map((_, i) => seqs[(i * 7919) % seqs.length]!);
    let state = initialChatState;
    for (const seq of [...order, ...order.slice(0, 50)]) state = chatReducer(state, { type: "merge", messages: [message(seq)] });
    expect(state.sent.map((m) => m.seq)).toEqual(seqs);
  });

  it("keeps messages still sending or failed while the window moves on", () => {
    let state = chatReducer(initialChatState, { type: "queue", message: pending("c1") });
    state = chatReducer(state, { type: "queue", message: pending("c2") });
    state = chatReducer(state, { type: "failed", clientMessageId: "c1", error: "offline" });
    state = chatReducer(state, { type: "merge", messages: range(1, CHAT_WINDOW + 100) });
    expect(state.sent).toHaveLength(CHAT_WINDOW);
    expect(chatItems(state).slice(-2)).toMatchObject([
      { clientMessageId: "c1", status: "failed" },
      { clientMessageId: "c2", status: "sending" },
    ]);
  });

  it("lets older pages grow the window while reading, then trims back when the reader returns to the newest", () => {
    let state = chatReducer(initialChatState, { type: "loaded", messages: range(951, 1000), hasOlder: true });
    for (let before = 951; before > 451; before -= 50) {
      state = chatReducer(state, { type: "older", messages: range(before - 50, before - 1), hasOlder: true });
    }
    expect(state.sent).toHaveLength(550);
    expect(state.following).toBe(false);
    state = chatReducer(state, { type: "follow", following: true });
    expect(state.sent).toHaveLength(CHAT_WINDOW);
    expect(state.sent.at(-1)!.seq).toBe(1000);
    expect(state.hasOlder).toBe(true);
  });

  it(`caps history reading at ${CHAT_MAX_HELD} by dropping the newest, and reloads the latest on return`, () => {
    let state = chatReducer(initialChatState, { type: "loaded", messages: range(4951, 5000), hasOlder: true });
    for (let before = 4951; before > 1000; before -= 100) {
      state = chatReducer(state, { type: "older", messages: range(Math.max(1, before - 100), before - 1), hasOlder: true });
    }
    expect(state.sent).toHaveLength(CHAT_MAX_HELD);
    expect(state.hasNewer).toBe(true);
    const windowEnd = state.sent.at(-1)!.seq;
    // A live message beyond the window is left for the reload, not stuck after a hole.
    state = chatReducer(state, { type: "merge", messages: [message(5001)] });
    expect(state.sent.at(-1)!.seq).toBe(windowEnd);
    // Following again keeps the window until the latest page replaces it.
    state = chatReducer(state, { type: "follow", following: true });
    expect(state.sent).toHaveLength(CHAT_MAX_HELD);
    state = chatReducer(state, { type: "reset", messages: range(4952, 5001), hasOlder: true });
    expect(state).toMatchObject({ hasNewer: false, hasOlder: true, following: true });
    expect(state.sent.map((m) => m.seq)).toEqual(range(4952, 5001).map((m) => m.seq));
  });
});
