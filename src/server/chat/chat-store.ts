import "server-only";

import type { ChatHistory, ChatMessage, ChatQuery, Role } from "@/lib/schemas";

import { newEpochId } from "../store/epoch";

export interface NewMessage {
  userId: string;
  user: string;
  message: string;
  clientMessageId?: string;
  /** The author's role, kept with the message (the coach badge). */
  role?: Role;
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
 */
export interface ChatStore {
  append(input: NewMessage, now?: Date): Promise<AppendResult>;
  list(query: ChatQuery): Promise<ChatHistory>;
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

/** The idempotency key of a post: per user, so two users' clientMessageIds never collide. */
export function clientKey(userId: string, clientMessageId: string): string {
  return `${userId}\u0000${clientMessageId}`;
}

/**
 * The last `capacity` messages in a ring buffer. Sequence numbers start at 1
 * and never repeat, so cursors stay right when old messages fall off. The
 * epoch is this store's life: a new process (or a new store) is a new epoch.
 */
export class MemoryChatStore implements ChatStore {
  private readonly ring: (ChatMessage | undefined)[];
  private lastSeq = 0;
  private readonly byClientId = new Map<string, number>();
  private readonly undelivered = new Set<number>();
  /** seq → until when (ms) its sending is claimed. */
  private readonly claims = new Map<number, number>();
  private readonly capacity: number;
  readonly epoch: string;

  constructor(options: { capacity?: number; epoch?: string } = {}) {
    this.capacity = options.capacity ?? DEFAULT_CHAT_CAPACITY;
    this.epoch = options.epoch ?? newEpochId();
    this.ring = new Array<ChatMessage | undefined>(this.capacity);
  }

  /** The oldest sequence number still held (lastSeq + 1 when empty). */
  private get firstSeq(): number {
    return Math.max(1, this.lastSeq - this.capacity + 1);
  }

  private at(seq: number): ChatMessage {
    return this.ring[(seq - 1) % this.capacity]!;
  }

  async append(input: NewMessage, now = new Date()): Promise<AppendResult> {
    const key = input.clientMessageId ? clientKey(input.userId, input.clientMessageId) : undefined;
    const known = key ? this.byClientId.get(key) : undefined;
    if (known !== undefined && known >= this.firstSeq) {
      return { message: this.at(known), created: false, undelivered: this.undelivered.has(known), epoch: this.epoch };
    }

    const seq = ++this.lastSeq;
    const evicted = seq > this.capacity ? this.at(seq - this.capacity) : undefined;
    if (evicted) {
      this.undelivered.delete(evicted.seq);
      this.claims.delete(evicted.seq);
      if (evicted.clientMessageId) this.byClientId.delete(clientKey(evicted.userId, evicted.clientMessageId));
    }
    const message: ChatMessage = {
      id: messageId(seq, this.epoch),
      seq,
      userId: input.userId,
      user: input.user,
      message: input.message,
      timestamp: now.toISOString(),
      ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}),
      ...(input.role ? { role: input.role } : {}),
    };
    this.ring[(seq - 1) % this.capacity] = message;
    if (key) {
      this.byClientId.set(key, seq);
      this.undelivered.add(seq);
      this.claims.set(seq, now.getTime() + DELIVERY_LEASE_MS);
    }
    return { message, created: true, undelivered: key !== undefined, epoch: this.epoch };
  }

  /**
   * Ascending by seq. `after`: the oldest `limit` messages past it (what a
   * reconnecting client missed); otherwise the newest `limit` before `before`
   * (or overall). `hasMore` says whether more lie beyond the page in the
   * direction being read.
   */
  async list({ limit, before, after }: ChatQuery): Promise<ChatHistory> {
    const low = Math.max(this.firstSeq, (after ?? 0) + 1);
    const high = Math.min(this.lastSeq, (before ?? Number.MAX_SAFE_INTEGER) - 1);
    if (high < low) return { messages: [], hasMore: false, epoch: this.epoch };
    const [from, to] = after !== undefined ? [low, Math.min(high, low + limit - 1)] : [Math.max(low, high - limit + 1), high];
    const messages: ChatMessage[] = [];
    for (let seq = from; seq <= to; seq += 1) messages.push(this.at(seq));
    const hasMore = after !== undefined ? to < high : from > low;
    return { messages, hasMore, epoch: this.epoch };
  }

  async claimDelivery(seq: number, now = new Date()): Promise<DeliveryClaim> {
    if (!this.undelivered.has(seq)) return "delivered";
    if ((this.claims.get(seq) ?? 0) > now.getTime()) return "held";
    this.claims.set(seq, now.getTime() + DELIVERY_LEASE_MS);
    return "claimed";
  }

  async releaseDelivery(seq: number): Promise<void> {
    this.claims.delete(seq);
  }

  async markDelivered(seq: number): Promise<void> {
    this.undelivered.delete(seq);
    this.claims.delete(seq);
  }
}
