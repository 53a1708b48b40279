import "server-only";

import type { ChatMessage, ChatPage, ChatQuery } from "@/lib/schemas";

export interface NewMessage {
  userId: string;
  user: string;
  message: string;
  clientMessageId?: string;
}

export interface AppendResult {
  message: ChatMessage;
  /** false: the same clientMessageId from the same user was already stored. */
  created: boolean;
}

/** Where chat history lives. In memory today; a database can implement the same shape. */
export interface ChatStore {
  append(input: NewMessage, now?: Date): AppendResult;
  list(query: ChatQuery): ChatPage;
}

export const DEFAULT_CHAT_CAPACITY = 10_000;

/**
 * The last `capacity` messages in a ring buffer. Sequence numbers start at 1
 * and never repeat, so cursors stay right when old messages fall off.
 */
export class MemoryChatStore implements ChatStore {
  private readonly ring: (ChatMessage | undefined)[];
  private lastSeq = 0;
  private readonly byClientId = new Map<string, number>();

  constructor(private readonly capacity = DEFAULT_CHAT_CAPACITY) {
    this.ring = new Array<ChatMessage | undefined>(capacity);
  }

  /** The oldest sequence number still held (lastSeq + 1 when empty). */
  private get firstSeq(): number {
    return Math.max(1, this.lastSeq - this.capacity + 1);
  }

  private at(seq: number): ChatMessage {
    return this.ring[(seq - 1) % this.capacity]!;
  }

  append(input: NewMessage, now = new Date()): AppendResult {
    const idempotencyKey = input.clientMessageId ? `${input.userId}\u0000${input.clientMessageId}` : undefined;
    const known = idempotencyKey ? this.byClientId.get(idempotencyKey) : undefined;
    if (known !== undefined && known >= this.firstSeq) return { message: this.at(known), created: false };

    const seq = ++this.lastSeq;
    const evicted = seq > this.capacity ? this.at(seq - this.capacity) : undefined;
    if (evicted?.clientMessageId) this.byClientId.delete(`${evicted.userId}\u0000${evicted.clientMessageId}`);
    const message: ChatMessage = {
      id: `m${seq}`,
      seq,
      userId: input.userId,
      user: input.user,
      message: input.message,
      timestamp: now.toISOString(),
      ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}),
    };
    this.ring[(seq - 1) % this.capacity] = message;
    if (idempotencyKey) this.byClientId.set(idempotencyKey, seq);
    return { message, created: true };
  }

  /**
   * Ascending by seq. `after`: the oldest `limit` messages past it (what a
   * reconnecting client missed); otherwise the newest `limit` before `before`
   * (or overall). `hasMore` says whether more lie beyond the page in the
   * direction being read.
   */
  list({ limit, before, after }: ChatQuery): ChatPage {
    const low = Math.max(this.firstSeq, (after ?? 0) + 1);
    const high = Math.min(this.lastSeq, (before ?? Number.MAX_SAFE_INTEGER) - 1);
    if (high < low) return { messages: [], hasMore: false };
    const [from, to] = after !== undefined ? [low, Math.min(high, low + limit - 1)] : [Math.max(low, high - limit + 1), high];
    const messages: ChatMessage[] = [];
    for (let seq = from; seq <= to; seq += 1) messages.push(this.at(seq));
    const hasMore = after !== undefined ? to < high : from > low;
    return { messages, hasMore };
  }
}
