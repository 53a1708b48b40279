import "server-only";

import type { Mention } from "@/lib/app-events";
import { CHANNELS, EVENTS, userChannel } from "@/lib/channels";
import type { ChatMessage, ChatPage, ChatQuery, SessionUser } from "@/lib/schemas";

import { RealtimeUnavailableError } from "../errors";
import { triggerEvent, triggerEvents } from "../realtime";
import { findMentions } from "../users/user-directory";
import { MemoryChatStore, type ChatStore } from "./chat-store";

interface ChatState {
  store: ChatStore;
  /** Messages stored but whose `new-message` did not go out; a retried post sends it. */
  undelivered: Set<number>;
}

const MAX_UNDELIVERED = 1000;

const globalForChat = globalThis as typeof globalThis & { __coachproChat?: ChatState };

function state(): ChatState {
  globalForChat.__coachproChat ??= { store: new MemoryChatStore(), undelivered: new Set() };
  return globalForChat.__coachproChat;
}

/** Replaces the store (tests, or a database-backed store). */
export function setChatStore(store: ChatStore): void {
  globalForChat.__coachproChat = { store, undelivered: new Set() };
}

export function listMessages(query: ChatQuery): ChatPage {
  return state().store.list(query);
}

/**
 * Stores a message from the signed-in user, then triggers `new-message` and
 * waits for it (503 when the realtime service is unreachable; the message
 * stays stored). The same clientMessageId again returns the stored message
 * and triggers nothing — unless the first trigger never went out.
 */
export async function postMessage(
  user: SessionUser,
  input: { message: string; clientMessageId?: string },
): Promise<{ message: ChatMessage; created: boolean }> {
  const { store, undelivered } = state();
  const result = store.append({ userId: user.id, user: user.name, message: input.message, clientMessageId: input.clientMessageId });
  const { message } = result;
  if (!result.created && !undelivered.has(message.seq)) return result;
  try {
    await Promise.all([triggerEvent(CHANNELS.chat, EVENTS.newMessage, message), notifyMentioned(message)]);
    undelivered.delete(message.seq);
  } catch (error) {
    if (!(error instanceof RealtimeUnavailableError)) throw error;
    // Stored all the same (others catch up through GET /api/chat?after=), but
    // the sender hears 503 and retries with the same clientMessageId, which
    // sends the event then.
    undelivered.add(message.seq);
    if (undelivered.size > MAX_UNDELIVERED) undelivered.delete(undelivered.values().next().value!);
    throw error;
  }
  return result;
}

/** Tells each user named with @Name in a new message, on their private channel. */
async function notifyMentioned(message: ChatMessage): Promise<void> {
  const ids = [...findMentions(message.message)].filter((id) => id !== message.userId);
  if (ids.length === 0) return;
  const data: Mention = { messageId: message.id, seq: message.seq, from: message.user, excerpt: message.message.slice(0, 140) };
  // A missed mention notice is not worth failing the message for: triggerEvents only logs.
  await triggerEvents(ids.map((id) => ({ channel: userChannel(id), name: EVENTS.mention, data })), "mention notifications");
}
