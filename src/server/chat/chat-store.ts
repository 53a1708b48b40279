import "server-only";

import type { Attachment } from "@/lib/attachments";
import { EDIT_WINDOW_MS, excerptOf, MAX_LISTED_REACTORS, REACTION_EMOJI, type ReactionEmoji } from "@/lib/chat";
import type { ChatHistory, ChatMessage, ChatQuery, Pin, Reaction, ReadPosition, ReplyTo, Role } from "@/lib/schemas";

export interface NewMessage {
  userId: string;
  user: string;
  message: string;
  clientMessageId?: string;
  /** The author's role, kept with the message (the coach badge). */
  role?: Role;
  /** The quoted original (the service builds it from the message replied to). */
  replyTo?: ReplyTo;
  /** Files the message carries (metadata; the service resolves them from the poster's uploads). */
  attachments?: Attachment[];
}

export interface AppendResult {
  message: ChatMessage;
  /** false: the same clientMessageId from the same user was already stored. */
  created: boolean;
  /** The message's `new-message` event has not been marked as sent (see ChatStore.markDelivered). */
  undelivered: boolean;
  /** The store's epoch (the message id carries it too). */
  epoch: string;
}

export type { ChatHistory };

/** What an edit, delete or reaction did: the message as it is now. */
export interface ChangeResult {
  message: ChatMessage;
  /** false: it was already so (nothing stored, no rev taken). */
  changed: boolean;
  /** The pins changed with it (an edit of a pinned message, or a pinned one deleted): all of them now. */
  pins?: Pin[];
  /** Other messages changed with it: the replies to a deleted message, whose quote is emptied. */
  related?: ChatMessage[];
  epoch: string;
  /** The files a delete took off the message, for the service to remove from storage. */
  removedAttachments?: Attachment[];
}

export interface PinsResult {
  pins: Pin[];
  /** The chat's rev after this call (a change of the pins takes one). */
  rev: number;
  changed: boolean;
  epoch: string;
}

export interface ReadResult {
  lastReadSeq: number;
  /** false: the position was already there or further. */
  changed: boolean;
  epoch: string;
}

/**
 * Whether this process may send a message's `new-message` now: `claimed` (go
 * ahead, for DELIVERY_LEASE_MS), `held` (another process is sending it), or
 * `delivered` (it went out already, or the message fell off).
 */
export type DeliveryClaim = "claimed" | "held" | "delivered";

/**
 * How long a claim to send a message's event holds: the realtime deadline
 * (3 s) and a margin, so a claim left by a crashed process is free again
 * soon, and a retry that waits it out still answers within the browser's 8 s.
 */
export const DELIVERY_LEASE_MS = 4_000;

/**
 * Where chat history lives: this process's memory or Redis. Both keep the
 * last `capacity` messages, number them from 1 with a `seq` that never goes
 * back within an epoch, give ids that carry the epoch (unique across
 * restarts), and remember each message with a clientMessageId until it
 * falls off, together with whether its event went out.
 *
 * Every change (a post, an edit, a delete, a reaction, a pin) takes the next
 * chat-wide `rev`, atomically with the change; the message keeps the rev of
 * its last change, so `list({ changesSince })` finds what a page missed.
 * Changes name a message by id (`m{seq}-{epoch}`): one of another epoch, or
 * fallen off, is MessageNotFoundError. Refusals are the chat-errors.ts errors.
 */
export interface ChatStore {
  append(input: NewMessage, now?: Date): Promise<AppendResult>;
  /** The held message with this id (null when unknown), for quoting it in a reply. */
  get(id: string): Promise<ChatMessage | null>;
  /** A page of history with the rev, the pins and (with `viewerId`) their read position, and changes since `changesSince`. */
  list(query: ChatQuery, viewerId?: string): Promise<ChatHistory>;
  /** The author's new text, within EDIT_WINDOW_MS of posting (measured at `now`). */
  edit(input: { id: string; userId: string; message: string }, now?: Date): Promise<ChangeResult>;
  /**
   * Deletes: text emptied, reactions, reply and pin dropped, seq kept; the
   * replies quoting it keep their quote marked deleted, with no text (each
   * takes a rev). The author, or anyone with `asCoach`. Idempotent.
   */
  remove(input: { id: string; userId: string; asCoach: boolean }, now?: Date): Promise<ChangeResult>;
  /** Sets one user's reaction on or off. */
  react(input: { id: string; userId: string; emoji: ReactionEmoji; on: boolean }): Promise<ChangeResult>;
  /** Everyone who reacted with `emoji`, in the order they did (at most `limit`), and the exact count. */
  reactors(id: string, emoji: ReactionEmoji, limit: number): Promise<{ count: number; userIds: string[] }>;
  /** Pins or unpins (at most MAX_PINS at once). */
  setPin(input: { id: string; pinned: boolean; by: string }, now?: Date): Promise<PinsResult>;
  /** Moves a user's read position forward to `seq` (capped at the newest seq); never back. */
  markRead(input: { userId: string; name: string; seq: number }): Promise<ReadResult>;
  /** Everyone's read position. */
  reads(): Promise<{ reads: ReadPosition[]; epoch: string }>;
  /**
   * Claims the sending of an undelivered message's event, so a retry that
   * reaches another instance while the first attempt is in flight does not
   * send it twice. A new message with a clientMessageId is claimed by its
   * poster as it is stored.
   */
  claimDelivery(seq: number, now?: Date): Promise<DeliveryClaim>;
  /** Gives back a claim after a failed attempt, so a retry anywhere may send at once. */
  releaseDelivery(seq: number): Promise<void>;
  /** Notes that the message's `new-message` event went out, so no retry anywhere sends it again. */
  markDelivered(seq: number): Promise<void>;
}

export const DEFAULT_CHAT_CAPACITY = 10_000;

/** The id of message `seq` in store epoch `epoch`: never the same twice, even after a restart. */
export function messageId(seq: number, epoch: string): string {
  return `m${seq}-${epoch}`;
}

/** What a new message keeps from its post, in the shape both backends store (the store adds id, seq and rev). */
export function storedFields(input: NewMessage, now: Date): Omit<ChatMessage, "id" | "seq" | "rev"> {
  return {
    userId: input.userId,
    user: input.user,
    message: input.message,
    timestamp: now.toISOString(),
    ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}),
    ...(input.role ? { role: input.role } : {}),
    ...(input.replyTo ? { replyTo: input.replyTo } : {}),
    ...(input.attachments?.length ? { attachments: input.attachments } : {}),
  };
}

/** The idempotency key of a post: per user, so two users' clientMessageIds never collide. */
export function clientKey(userId: string, clientMessageId: string): string {
  return `${userId}\u0000${clientMessageId}`;
}

/** Earliest posting time whose message may still be edited at `now` (ISO strings of one format compare as times). */
export function editableSince(now: Date): string {
  return new Date(now.getTime() - EDIT_WINDOW_MS).toISOString();
}

/** A pin as the pinned bar shows it, from the message as it is now. */
export function pinOf(message: ChatMessage, pinnedBy: string, pinnedAt: string): Pin {
  return { id: message.id, seq: message.seq, userId: message.userId, user: message.user, excerpt: excerptOf(message.message), pinnedBy, pinnedAt };
}

/** The reactions field for a message from its reactors per emoji (in REACTION_EMOJI order; undefined when none). */
export function reactionsOf(byEmoji: ReadonlyMap<string, readonly string[]>): Reaction[] | undefined {
  const reactions = REACTION_EMOJI.flatMap((emoji) => {
    const ids = byEmoji.get(emoji) ?? [];
    return ids.length ? [{ emoji, count: ids.length, userIds: ids.slice(0, MAX_LISTED_REACTORS) }] : [];
  });
  return reactions.length ? reactions : undefined;
}

export { MemoryChatStore } from "./memory-chat-store";
