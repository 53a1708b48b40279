import "server-only";

import type { Mention } from "@/lib/app-events";
import { CHANNELS, EVENTS, userChannel } from "@/lib/channels";
import type { ChatMessage, ChatPage, ChatQuery, SessionUser } from "@/lib/schemas";

import { DeliveryLedger } from "../delivery-ledger";
import { RealtimeUnavailableError } from "../errors";
import type { OutgoingEvent } from "../realtime-gateway";
import { findMentions } from "../users/user-directory";
import { MemoryChatStore, type ChatStore } from "./chat-store";

interface ChatState {
  store: ChatStore;
  /** Per message (by seq): the `new-message` event and mention notices not yet sent. */
  deliveries: DeliveryLedger<number>;
}

const MAX_UNDELIVERED = 1000;

const globalForChat = globalThis as typeof globalThis & { __coachproChat?: ChatState };

function freshState(store: ChatStore): ChatState {
  return { store, deliveries: new DeliveryLedger("chat delivery", MAX_UNDELIVERED) };
}

function state(): ChatState {
  globalForChat.__coachproChat ??= freshState(new MemoryChatStore());
  return globalForChat.__coachproChat;
}

/** Replaces the store (tests, or a database-backed store). */
export function setChatStore(store: ChatStore): void {
  globalForChat.__coachproChat = freshState(store);
}

/** A page of history, ascending by seq. */
export function listMessages(query: ChatQuery): ChatPage {
  return state().store.list(query);
}

/**
 * Stores a message from the signed-in user, then sends its `new-message`
 * event and mention notices and waits for them. Each effect happens once per
 * message whatever the retries: the same clientMessageId returns the stored
 * message and sends only what has not gone out yet; concurrent retries share
 * one attempt. 503 (message kept) when `new-message` could not be sent.
 */
export async function postMessage(
  user: SessionUser,
  input: { message: string; clientMessageId?: string },
): Promise<{ message: ChatMessage; created: boolean }> {
  const { store, deliveries } = state();
  const result = store.append({ userId: user.id, user: user.name, message: input.message, clientMessageId: input.clientMessageId });
  const { message } = result;
  // Same tick as the append: a concurrent retry finds the debt and joins its attempt.
  if (result.created) deliveries.owe(message.seq, [newMessageEvent(message), ...mentionNotices(message)]);
  const owed = await deliveries.settle(message.seq);
  // Without a clientMessageId no retry can name this message again: owe nothing more.
  if (!message.clientMessageId) deliveries.forget(message.seq);
  // Stored all the same (others catch up through GET /api/chat?after=); the
  // sender hears 503 and retries with the same clientMessageId. A missed
  // mention notice alone is not worth failing the message for.
  if (owed.some((event) => event.name === EVENTS.newMessage)) throw new RealtimeUnavailableError();
  return result;
}

function newMessageEvent(message: ChatMessage): OutgoingEvent {
  return { channel: CHANNELS.chat, name: EVENTS.newMessage, data: message };
}

/** A notice for each user named with @Name in a new message, on their private channel. */
function mentionNotices(message: ChatMessage): OutgoingEvent[] {
  const ids = [...findMentions(message.message)].filter((id) => id !== message.userId);
  const data: Mention = { messageId: message.id, seq: message.seq, from: message.user, excerpt: message.message.slice(0, 140) };
  return ids.map((id) => ({ channel: userChannel(id), name: EVENTS.mention, data }));
}
