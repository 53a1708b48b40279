import "server-only";

import { MAX_CHANGES, MAX_PINS, parseMessageId, type ReactionEmoji } from "@/lib/chat";
import type { ChatHistory, ChatMessage, ChatQuery, Pin, ReadPosition } from "@/lib/schemas";
import { MAX_USERS } from "../users/user-directory";

import { newEpochId } from "../store/epoch";
import { EditWindowClosedError, MessageDeletedError, MessageNotFoundError, NotAuthorError, TooManyPinsError } from "./chat-errors";
import {
  clientKey,
  DEFAULT_CHAT_CAPACITY,
  DELIVERY_LEASE_MS,
  editableSince,
  messageId,
  pinOf,
  reactionsOf,
  storedFields,
  type AppendResult,
  type ChangeResult,
  type ChatStore,
  type DeliveryClaim,
  type NewMessage,
  type PinsResult,
  type ReadResult,
} from "./chat-store";

/**
 * The last `capacity` messages in a ring buffer. Sequence numbers start at 1
 * and never repeat, so cursors stay right when old messages fall off. The
 * epoch is this store's life: a new process (or a new store) is a new epoch.
 */
export class MemoryChatStore implements ChatStore {
  private readonly ring: (ChatMessage | undefined)[];
  private lastSeq = 0;
  private rev = 0;
  private readonly byClientId = new Map<string, number>();
  private readonly undelivered = new Set<number>();
  /** seq → until when (ms) its sending is claimed. */
  private readonly claims = new Map<number, number>();
  /** seq → emoji → user ids in the order they reacted. */
  private readonly reactorsBySeq = new Map<number, Map<string, string[]>>();
  /** seq → rev of messages changed after posting (what `changesSince` looks through). */
  private readonly changed = new Map<number, number>();
  /** seq → who pinned it and when, oldest pin first. */
  private readonly pinned = new Map<number, { by: string; at: string }>();
  /** userId → read position, least recently moved first (bounded like the user directory). */
  private readonly readPositions = new Map<string, ReadPosition>();
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

  private put(message: ChatMessage): void {
    this.ring[(message.seq - 1) % this.capacity] = message;
  }

  /** The held message named by `id`, or MessageNotFoundError. */
  private find(id: string): ChatMessage {
    const seq = parseMessageId(id)?.seq;
    if (seq === undefined || seq < this.firstSeq || seq > this.lastSeq || this.at(seq).id !== id) throw new MessageNotFoundError();
    return this.at(seq);
  }

  async append(input: NewMessage, now = new Date()): Promise<AppendResult> {
    const key = input.clientMessageId ? clientKey(input.userId, input.clientMessageId) : undefined;
    const known = key ? this.byClientId.get(key) : undefined;
    if (known !== undefined && known >= this.firstSeq) {
      return { message: this.at(known), created: false, undelivered: this.undelivered.has(known), epoch: this.epoch };
    }

    const seq = ++this.lastSeq;
    const evicted = seq > this.capacity ? this.at(seq - this.capacity) : undefined;
    if (evicted) this.forget(evicted);
    const message: ChatMessage = {
      id: messageId(seq, this.epoch),
      seq,
      rev: ++this.rev,
      ...storedFields(input, now),
    };
    this.put(message);
    if (key) {
      this.byClientId.set(key, seq);
      this.undelivered.add(seq);
      this.claims.set(seq, now.getTime() + DELIVERY_LEASE_MS);
    }
    return { message, created: true, undelivered: key !== undefined, epoch: this.epoch };
  }

  private forget(evicted: ChatMessage): void {
    const { seq } = evicted;
    this.undelivered.delete(seq);
    this.claims.delete(seq);
    this.reactorsBySeq.delete(seq);
    this.changed.delete(seq);
    this.pinned.delete(seq);
    if (evicted.clientMessageId) this.byClientId.delete(clientKey(evicted.userId, evicted.clientMessageId));
  }

  async get(id: string): Promise<ChatMessage | null> {
    try {
      return this.find(id);
    } catch {
      return null;
    }
  }

  /**
   * Ascending by seq. `after`: the oldest `limit` messages past it (what a
   * reconnecting client missed); otherwise the newest `limit` before `before`
   * (or overall). `hasMore` says whether more lie beyond the page in the
   * direction being read.
   */
  async list({ limit, before, after, changesSince }: ChatQuery, viewerId?: string): Promise<ChatHistory> {
    const extras = {
      epoch: this.epoch,
      rev: this.rev,
      pins: this.currentPins(),
      ...(viewerId !== undefined ? { lastReadSeq: this.readPositions.get(viewerId)?.seq ?? 0 } : {}),
      ...(changesSince !== undefined ? this.changesSince(changesSince) : {}),
    };
    const low = Math.max(this.firstSeq, (after ?? 0) + 1);
    const high = Math.min(this.lastSeq, (before ?? Number.MAX_SAFE_INTEGER) - 1);
    if (high < low) return { messages: [], hasMore: false, ...extras };
    const [from, to] = after !== undefined ? [low, Math.min(high, low + limit - 1)] : [Math.max(low, high - limit + 1), high];
    const messages: ChatMessage[] = [];
    for (let seq = from; seq <= to; seq += 1) messages.push(this.at(seq));
    const hasMore = after !== undefined ? to < high : from > low;
    return { messages, hasMore, ...extras };
  }

  private changesSince(since: number): { changes: ChatMessage[] } | { reload: true } {
    const seqs = [...this.changed].filter(([, rev]) => rev > since).map(([seq]) => seq);
    if (seqs.length > MAX_CHANGES) return { reload: true };
    return { changes: seqs.sort((a, b) => a - b).map((seq) => this.at(seq)) };
  }

  private currentPins(): Pin[] {
    return [...this.pinned].map(([seq, { by, at }]) => pinOf(this.at(seq), by, at));
  }

  /** Stores a changed message under the next rev; the pins with it when it is pinned. */
  private change(message: ChatMessage, pinsChanged = this.pinned.has(message.seq)): ChangeResult {
    const next = { ...message, rev: ++this.rev };
    this.put(next);
    this.changed.set(next.seq, next.rev);
    return { message: next, changed: true, epoch: this.epoch, ...(pinsChanged ? { pins: this.currentPins() } : {}) };
  }

  private same(message: ChatMessage): ChangeResult {
    return { message, changed: false, epoch: this.epoch };
  }

  async edit({ id, userId, message: text }: { id: string; userId: string; message: string }, now = new Date()): Promise<ChangeResult> {
    const message = this.find(id);
    if (message.userId !== userId) throw new NotAuthorError("edit");
    if (message.deleted) throw new MessageDeletedError();
    if (message.message === text) return this.same(message);
    if (message.timestamp < editableSince(now)) throw new EditWindowClosedError();
    return this.change({ ...message, message: text, editedAt: now.toISOString() });
  }

  async remove({ id, userId, asCoach }: { id: string; userId: string; asCoach: boolean }): Promise<ChangeResult> {
    const message = this.find(id);
    if (message.userId !== userId && !asCoach) throw new NotAuthorError("delete");
    if (message.deleted) return this.same(message);
    const wasPinned = this.pinned.delete(message.seq);
    this.reactorsBySeq.delete(message.seq);
    const { reactions: _reactions, replyTo: _replyTo, attachments, ...kept } = message;
    const result = this.change({ ...kept, message: "", deleted: true }, wasPinned);
    // The replies quoting it keep the quote, emptied and marked deleted.
    const related: ChatMessage[] = [];
    for (let seq = message.seq + 1; seq <= this.lastSeq; seq += 1) {
      const reply = this.at(seq);
      if (reply.replyTo?.id !== id || reply.replyTo.deleted) continue;
      related.push(this.change({ ...reply, replyTo: { ...reply.replyTo, excerpt: "", deleted: true } }, false).message);
    }
    return { ...result, ...(attachments ? { removedAttachments: attachments } : {}), ...(related.length ? { related } : {}) };
  }

  async react({ id, userId, emoji, on }: { id: string; userId: string; emoji: ReactionEmoji; on: boolean }): Promise<ChangeResult> {
    const message = this.find(id);
    if (message.deleted) throw new MessageDeletedError();
    const byEmoji = this.reactorsBySeq.get(message.seq) ?? new Map<string, string[]>();
    const ids = byEmoji.get(emoji) ?? [];
    if (ids.includes(userId) === on) return this.same(message);
    byEmoji.set(emoji, on ? [...ids, userId] : ids.filter((other) => other !== userId));
    this.reactorsBySeq.set(message.seq, byEmoji);
    const { reactions: _old, ...rest } = message;
    const reactions = reactionsOf(byEmoji);
    return this.change({ ...rest, ...(reactions ? { reactions } : {}) }, false);
  }

  async reactors(id: string, emoji: ReactionEmoji, limit: number): Promise<{ count: number; userIds: string[] }> {
    const ids = this.reactorsBySeq.get(this.find(id).seq)?.get(emoji) ?? [];
    return { count: ids.length, userIds: ids.slice(0, limit) };
  }

  async setPin({ id, pinned, by }: { id: string; pinned: boolean; by: string }, now = new Date()): Promise<PinsResult> {
    const message = this.find(id);
    const unchanged = (): PinsResult => ({ pins: this.currentPins(), rev: this.rev, changed: false, epoch: this.epoch });
    if (this.pinned.has(message.seq) === pinned) return unchanged();
    if (pinned) {
      if (message.deleted) throw new MessageDeletedError();
      if (this.pinned.size >= MAX_PINS) throw new TooManyPinsError();
      this.pinned.set(message.seq, { by, at: now.toISOString() });
    } else {
      this.pinned.delete(message.seq);
    }
    this.rev += 1;
    return { pins: this.currentPins(), rev: this.rev, changed: true, epoch: this.epoch };
  }

  async markRead({ userId, name, seq }: { userId: string; name: string; seq: number }): Promise<ReadResult> {
    const known = this.readPositions.get(userId);
    const target = Math.min(seq, this.lastSeq);
    if (known && known.seq >= target) return { lastReadSeq: known.seq, changed: false, epoch: this.epoch };
    if (!known && target <= 0) return { lastReadSeq: 0, changed: false, epoch: this.epoch };
    this.readPositions.delete(userId);
    this.readPositions.set(userId, { userId, name, seq: target });
    if (this.readPositions.size > MAX_USERS) this.readPositions.delete(this.readPositions.keys().next().value!);
    return { lastReadSeq: target, changed: true, epoch: this.epoch };
  }

  async reads(): Promise<{ reads: ReadPosition[]; epoch: string }> {
    return { reads: [...this.readPositions.values()], epoch: this.epoch };
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
