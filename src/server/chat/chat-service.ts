import "server-only";

import { CHANNELS, EVENTS } from "@/lib/channels";
import { excerptOf } from "@/lib/chat";
import type { ChatHistory, ChatMessage, ChatQuery, NewMessageEvent, ReplyTo, SessionUser } from "@/lib/schemas";

import { DeliveryLedger } from "../delivery-ledger";
import { attachFiles, resolveAttachments } from "../files/file-service";
import { RealtimeUnavailableError } from "../errors";
import type { OutgoingEvent } from "../realtime-gateway";
import { mentionNotices } from "../notifications/notices";
import { sendNoticeEvents } from "../notifications/notification-service";
import { memoryEpoch } from "../store/epoch";
import { getSharedRedis } from "../store/redis";
import { findMentions } from "../users/user-directory";
import { MessageDeletedError, MessageNotFoundError } from "./chat-errors";
import { fitEvent } from "./chat-events";
import { DELIVERY_LEASE_MS, MemoryChatStore, type ChatStore, type DeliveryClaim } from "./chat-store";
import { RedisChatStore } from "./redis-chat-store";

interface ChatState {
  store: ChatStore;
  /** Per message (by seq): the `new-message` event and mention notices not yet sent. */
  deliveries: DeliveryLedger<number>;
  /**
   * Seqs whose `new-message` this process sent, kept until the store has
   * recorded it (and a while after): a retry in between must not send it again.
   */
  announced: Set<number>;
  /** Claims being asked of the store, shared by concurrent retries of one message in this process. */
  claiming: Map<number, Promise<DeliveryClaim>>;
}

const MAX_UNDELIVERED = 1000;
const MAX_ANNOUNCED = 1000;
/** How often a retry looks again while another process holds the claim to send. */
const CLAIM_POLL_MS = 100;

const globalForChat = globalThis as typeof globalThis & { __coachproChat?: ChatState };

function freshState(store: ChatStore): ChatState {
  return { store, deliveries: new DeliveryLedger("chat delivery", MAX_UNDELIVERED), announced: new Set(), claiming: new Map() };
}

/** The store settings pick, once per process: Redis when REDIS_URL is set, memory otherwise. */
function defaultStore(): ChatStore {
  const redis = getSharedRedis();
  return redis ? new RedisChatStore(redis) : new MemoryChatStore({ epoch: memoryEpoch() });
}

function state(): ChatState {
  globalForChat.__coachproChat ??= freshState(defaultStore());
  return globalForChat.__coachproChat;
}

/** Replaces the store (tests). */
export function setChatStore(store: ChatStore): void {
  globalForChat.__coachproChat = freshState(store);
}

/** The process's chat store (chat-changes.ts makes its changes through it). */
export function chatStore(): ChatStore {
  return state().store;
}

/**
 * A page of history, ascending by seq, with the store's epoch, rev and pins,
 * the viewer's read position, and (with `changesSince`) what changed since.
 */
export function listMessages(query: ChatQuery, viewerId?: string): Promise<ChatHistory> {
  return state().store.list(query, viewerId);
}

/**
 * Stores a message from the signed-in user (acknowledged only once the store
 * has it), then sends its `new-message` event and mention notices and waits
 * for them. Each effect happens once per message whatever the retries: the
 * same clientMessageId returns the stored message and sends only what has not
 * gone out yet — also when the retry reaches another instance or a restarted
 * one, since the store remembers whether the event went out; concurrent
 * retries in one process share one attempt. 503 (message kept) when
 * `new-message` could not be sent.
 */
export async function postMessage(
  user: SessionUser,
  input: { message: string; clientMessageId?: string; replyTo?: string; attachments?: string[] },
): Promise<{ message: NewMessageEvent; created: boolean }> {
  const chat = state();
  const { store, deliveries, announced } = chat;
  // Looked up before the append, so that owing the events can follow it in the same tick.
  const mentioned = await findMentions(input.message);
  const replyTo = input.replyTo === undefined ? undefined : await quote(store, input.replyTo);
  // Only the poster's own uploads, as metadata: the event stays small, the bytes stay behind /api/files.
  const attachments = input.attachments?.length ? await resolveAttachments(user, input.attachments) : undefined;
  const result = await store.append({ userId: user.id, user: user.name, role: user.role, message: input.message, clientMessageId: input.clientMessageId, replyTo, attachments });
  const { message, epoch } = result;
  // Idempotent, so a retry repeats it: the files now belong to the message (removed with it, not by the composer).
  if (message.attachments) await attachFiles(message.attachments.map((file) => file.id), message.id);
  const event: NewMessageEvent = { ...message, epoch };
  const { seq } = message;
  const events = () => [newMessageEvent(event)];
  // First post (the store gave its poster the claim to send): owe its events
  // in the same tick as the append, so a concurrent retry here joins the attempt.
  if (result.created) deliveries.owe(seq, events());
  // A retry of a post whose event has not gone out, with no attempt in flight
  // here (the post may have reached another instance, or this one before a
  // crash): send it, once another process sending it right now has finished
  // (then nothing is left to send) or its claim has lapsed (it died).
  else if (result.undelivered && !deliveries.inFlight(seq) && !announced.has(seq)) {
    const claim = await awaitClaim(chat, seq);
    if (claim === "held") throw new RealtimeUnavailableError("unreachable", undefined, "The message is stored and its live update is still going out; retry shortly.");
    if (claim === "delivered") deliveries.forget(seq);
    else if (deliveries.owed(seq).length === 0) deliveries.owe(seq, events());
  }
  // Another process sent it since this one failed to: what this one still owes is stale.
  else if (!result.undelivered && deliveries.owed(seq).some((pending) => pending.name === EVENTS.newMessage)) deliveries.forget(seq);
  const owed = await deliveries.settle(seq);
  // Without a clientMessageId no retry can name this message again: owe nothing more.
  if (!message.clientMessageId) deliveries.forget(seq);
  // Stored all the same (others catch up through GET /api/chat?after=); the
  // sender hears 503 and retries with the same clientMessageId, on any
  // instance (the claim is given back). A missed mention notice alone is not
  // worth failing the message for.
  if (owed.some((pending) => pending.name === EVENTS.newMessage)) {
    if (result.undelivered) await store.releaseDelivery(seq);
    throw new RealtimeUnavailableError();
  }
  if (result.undelivered) {
    remember(announced, seq);
    await store.markDelivered(seq);
  }
  // A retry with other text gets the stored message; the mentions of its own text do not apply.
  if (message.message === input.message) await notifyMentions(message, mentioned);
  return { message: event, created: result.created };
}

/** The quote a reply carries of the message it answers: 404 when that is gone, 409 when it was deleted. */
async function quote(store: ChatStore, id: string): Promise<ReplyTo> {
  const original = await store.get(id);
  if (!original) throw new MessageNotFoundError();
  if (original.deleted) throw new MessageDeletedError();
  return { id: original.id, seq: original.seq, userId: original.userId, user: original.user, excerpt: excerptOf(original.message || (original.attachments ?? []).map((file) => file.name).join(", ")) };
}

/** Claims the sending of `seq`, waiting out another process's claim (at most one lease); "held" if it is still held then. */
async function awaitClaim(chat: ChatState, seq: number): Promise<DeliveryClaim> {
  const giveUpAt = Date.now() + DELIVERY_LEASE_MS + CLAIM_POLL_MS;
  for (;;) {
    const claim = await claimOnce(chat, seq);
    if (claim !== "held" || Date.now() >= giveUpAt) return claim;
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
  }
}

/** One claim per message at a time in this process: concurrent retries here share it (and then the attempt). */
function claimOnce({ store, claiming }: ChatState, seq: number): Promise<DeliveryClaim> {
  let pending = claiming.get(seq);
  if (!pending) {
    pending = store.claimDelivery(seq).finally(() => claiming.delete(seq));
    claiming.set(seq, pending);
  }
  return pending;
}

function remember(announced: Set<number>, seq: number) {
  announced.add(seq);
  if (announced.size > MAX_ANNOUNCED) announced.delete(announced.values().next().value!);
}

function newMessageEvent(event: NewMessageEvent): OutgoingEvent {
  return { channel: CHANNELS.chat, name: EVENTS.newMessage, data: fitEvent(event) };
}

/**
 * Stores a mention notice for each user named in the message (once per user
 * and message, whatever the retries: a retry stores and sends nothing new)
 * and sends them, after the message itself went out. A missed notice is not
 * worth failing the message for: logged, and the bell loads it next time.
 */
async function notifyMentions(message: ChatMessage, mentioned: Set<string>): Promise<void> {
  if (mentioned.size === 0) return;
  try {
    await sendNoticeEvents(await mentionNotices(message, mentioned), "mention notices");
  } catch (error) {
    console.error(`coachpro: mention notices for ${message.id} failed: ${(error as Error).message}`);
  }
}
