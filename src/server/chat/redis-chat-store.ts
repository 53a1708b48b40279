import "server-only";

import type Redis from "ioredis";

import { attachmentListSchema } from "@/lib/attachment-schemas";
import { MAX_CHANGES, MAX_LISTED_REACTORS, MAX_PINS, parseMessageId, REACTION_EMOJI, type ReactionEmoji } from "@/lib/chat";
import { chatMessageSchema, type ChatMessage, type ChatQuery, type Pin, type ReadPosition } from "@/lib/schemas";

import { EPOCH_KEY, newEpochId } from "../store/epoch";
import { redisCall } from "../store/redis";
import { EditWindowClosedError, MessageDeletedError, MessageNotFoundError, NotAuthorError, TooManyPinsError } from "./chat-errors";
import {
  DEFAULT_CHAT_CAPACITY,
  DELIVERY_LEASE_MS,
  editableSince,
  pinOf,
  storedFields,
  type AppendResult,
  type ChangeResult,
  type ChatHistory,
  type ChatStore,
  type DeliveryClaim,
  type NewMessage,
  type PinsResult,
  type ReadResult,
} from "./chat-store";
import { APPEND_SCRIPT, EDIT_SCRIPT, LIST_SCRIPT, PIN_SCRIPT, PINS_SCRIPT, REACT_SCRIPT, READ_SCRIPT, REMOVE_SCRIPT } from "./redis-chat-scripts";

/** How long a clientMessageId is remembered (and only while its message is still held). */
export const CHAT_IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

const KEYS = {
  seq: "chat:seq",
  rev: "chat:rev",
  history: "chat:history",
  undelivered: "chat:undelivered",
  /** sorted set: seq scored by until when (ms) one process holds the sending of its event */
  claims: "chat:claims",
  /** sorted set: seqs changed after posting, scored by the rev of their last change */
  changed: "chat:changed",
  /** hash: `{seq}|{emoji}` → JSON list of user ids in the order they reacted */
  reactors: "chat:reactors",
  /** sorted set: pinned seqs scored by when (ms); hash pinmeta: seq → { by, at } */
  pins: "chat:pins",
  pinmeta: "chat:pinmeta",
  /** hash: seq → JSON list of the seqs of the replies to it */
  replies: "chat:replies",
  /** hashes: userId → last read seq, userId → name */
  reads: "chat:reads",
  readers: "chat:readers",
  client: (userId: string, clientMessageId: string) => `chat:client:${userId}:${clientMessageId}`,
  /** Named in the script's KEYS when a post has no clientMessageId; never written. */
  noClient: "chat:client:-",
};

/**
 * Claims the sending of an undelivered message's event.
 * KEYS: undelivered, claims. ARGV: seq, now (ms), claim until (ms).
 * Returns -1 delivered (or fallen off), 0 held by another process, 1 claimed.
 */
const CLAIM_SCRIPT = `
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return -1 end
local held = redis.call('ZSCORE', KEYS[2], ARGV[1])
if held and tonumber(held) > tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
`;

const CLAIMS: Record<number, DeliveryClaim> = { [-1]: "delivered", 0: "held", 1: "claimed" };

type Reply = (string | number | Reply)[];
type ChatRedis = Redis & Record<`coachproChat${string}`, (...args: string[]) => Promise<Reply>>;

const SCRIPTS = {
  Append: [12, APPEND_SCRIPT],
  List: [7, LIST_SCRIPT],
  Edit: [4, EDIT_SCRIPT],
  Remove: [7, REMOVE_SCRIPT],
  React: [4, REACT_SCRIPT],
  Pin: [4, PIN_SCRIPT],
  Pins: [4, PINS_SCRIPT],
  Read: [4, READ_SCRIPT],
  Claim: [2, CLAIM_SCRIPT],
} as const;

/** The refusal a script's status names (chat-errors.ts). */
function refusal(status: string, action: "edit" | "delete"): Error {
  switch (status) {
    case "not_author":
      return new NotAuthorError(action);
    case "deleted":
      return new MessageDeletedError();
    case "too_late":
      return new EditWindowClosedError();
    case "too_many":
      return new TooManyPinsError();
    default:
      return new MessageNotFoundError();
  }
}

/**
 * Chat history in Redis, shared by every web instance and kept across
 * restarts: `seq` and `rev` from INCR, the last `capacity` messages in a
 * sorted set scored by seq, clientMessageId → seq with a TTL, reactions,
 * pins and read positions beside them (see redis-chat-scripts.ts). Every
 * call goes through redisCall (503 while Redis is unreachable).
 */
export class RedisChatStore implements ChatStore {
  private readonly redis: ChatRedis;
  private readonly capacity: number;

  constructor(redis: Redis, options: { capacity?: number } = {}) {
    this.capacity = options.capacity ?? DEFAULT_CHAT_CAPACITY;
    if (!("coachproChatList" in redis)) {
      for (const [name, [numberOfKeys, lua]] of Object.entries(SCRIPTS)) redis.defineCommand(`coachproChat${name}`, { numberOfKeys, lua });
    }
    this.redis = redis as ChatRedis;
  }

  private run(name: keyof typeof SCRIPTS, ...args: string[]): Promise<Reply> {
    return redisCall(this.redis, (r) => (r as ChatRedis)[`coachproChat${name}`]!(...args));
  }

  async append(input: NewMessage, now = new Date()): Promise<AppendResult> {
    const body = JSON.stringify(storedFields(input, now));
    const clientKey = input.clientMessageId ? KEYS.client(input.userId, input.clientMessageId) : KEYS.noClient;
    const [created, member, epoch, undelivered] = (await this.run(
      "Append",
      KEYS.seq,
      KEYS.history,
      EPOCH_KEY,
      clientKey,
      KEYS.undelivered,
      KEYS.claims,
      KEYS.rev,
      KEYS.changed,
      KEYS.reactors,
      KEYS.pins,
      KEYS.pinmeta,
      KEYS.replies,
      newEpochId(),
      String(this.capacity),
      String(CHAT_IDEMPOTENCY_TTL_SECONDS),
      body,
      input.clientMessageId ? "1" : "0",
      String(now.getTime()),
      String(now.getTime() + DELIVERY_LEASE_MS),
      input.replyTo ? String(input.replyTo.seq) : "",
      ...REACTION_EMOJI,
    )) as [number, string, string, number];
    return { message: parseMessage(member), created: created === 1, undelivered: undelivered === 1, epoch };
  }

  async get(id: string): Promise<ChatMessage | null> {
    const seq = parseMessageId(id)?.seq;
    if (seq === undefined) return null;
    const [member] = await redisCall(this.redis, (r) => r.zrangebyscore(KEYS.history, seq, seq));
    const message = member ? parseMessage(member) : null;
    return message?.id === id ? message : null;
  }

  /** Same cursors as the memory store: `after` reads forward, otherwise the newest before `before`. */
  async list({ limit, before, after, changesSince }: ChatQuery, viewerId?: string): Promise<ChatHistory> {
    const [epoch, rev, members, changes, reload, lastRead, pins] = (await this.run(
      "List",
      EPOCH_KEY,
      KEYS.rev,
      KEYS.history,
      KEYS.changed,
      KEYS.pins,
      KEYS.pinmeta,
      KEYS.reads,
      newEpochId(),
      after === undefined ? "" : String(after),
      before === undefined ? "" : String(before),
      String(limit),
      changesSince === undefined ? "" : String(changesSince),
      String(MAX_CHANGES),
      viewerId ?? "",
    )) as [string, number, string[], string[], number, number, string[]];
    const page = members.slice(0, limit).map(parseMessage);
    return {
      messages: after !== undefined ? page : page.reverse(),
      hasMore: members.length > limit,
      epoch,
      rev,
      pins: parsePins(pins),
      ...(lastRead >= 0 ? { lastReadSeq: lastRead } : {}),
      ...(changesSince === undefined ? {} : reload === 1 ? { reload: true as const } : { changes: changes.map(parseMessage) }),
    };
  }

  /** The message after a change script, with the pins when they changed with it. */
  private async changeResult(reply: Reply, action: "edit" | "delete", pinsChanged: boolean): Promise<ChangeResult> {
    // Remove's answer also carries the dropped attachments (4th) and the replies whose quotes were emptied (5th).
    const [status, member, , , related] = reply as [string, string, number?, string?, string[]?];
    if (status !== "changed" && status !== "same") throw refusal(status, action);
    const message = parseMessage(member);
    const epoch = parseMessageId(message.id)!.epoch;
    if (status === "same") return { message, changed: false, epoch };
    return {
      message,
      changed: true,
      epoch,
      ...(pinsChanged ? { pins: (await this.pins()).pins } : {}),
      ...(related?.length ? { related: related.map(parseMessage) } : {}),
    };
  }

  async edit({ id, userId, message }: { id: string; userId: string; message: string }, now = new Date()): Promise<ChangeResult> {
    const reply = await this.run("Edit", KEYS.history, KEYS.rev, KEYS.changed, KEYS.pins, id, userId, message, editableSince(now), now.toISOString());
    return this.changeResult(reply, "edit", reply[2] === 1);
  }

  async remove({ id, userId, asCoach }: { id: string; userId: string; asCoach: boolean }): Promise<ChangeResult> {
    const reply = await this.run("Remove", KEYS.history, KEYS.rev, KEYS.changed, KEYS.reactors, KEYS.pins, KEYS.pinmeta, KEYS.replies, id, userId, asCoach ? "1" : "0", ...REACTION_EMOJI);
    const result = await this.changeResult(reply, "delete", reply[2] === 1);
    const removed = typeof reply[3] === "string" && reply[3] !== "" ? attachmentListSchema.parse(JSON.parse(reply[3])) : undefined;
    return removed ? { ...result, removedAttachments: removed } : result;
  }

  async react({ id, userId, emoji, on }: { id: string; userId: string; emoji: ReactionEmoji; on: boolean }): Promise<ChangeResult> {
    const reply = await this.run("React", KEYS.history, KEYS.rev, KEYS.changed, KEYS.reactors, id, emoji, userId, on ? "1" : "0", String(MAX_LISTED_REACTORS), ...REACTION_EMOJI);
    return this.changeResult(reply, "edit", false);
  }

  async reactors(id: string, emoji: ReactionEmoji, limit: number): Promise<{ count: number; userIds: string[] }> {
    const message = await this.get(id);
    if (!message) throw new MessageNotFoundError();
    const raw = await redisCall(this.redis, (r) => r.hget(KEYS.reactors, `${message.seq}|${emoji}`));
    const ids = raw ? (JSON.parse(raw) as string[]) : [];
    return { count: ids.length, userIds: ids.slice(0, limit) };
  }

  async setPin({ id, pinned, by }: { id: string; pinned: boolean; by: string }, now = new Date()): Promise<PinsResult> {
    const [status] = (await this.run("Pin", KEYS.history, KEYS.rev, KEYS.pins, KEYS.pinmeta, id, pinned ? "1" : "0", by, now.toISOString(), String(now.getTime()), String(MAX_PINS))) as [string, number];
    if (status !== "changed" && status !== "same") throw refusal(status, "edit");
    const { pins, rev } = await this.pins();
    return { pins, rev, changed: status === "changed", epoch: parseMessageId(id)!.epoch };
  }

  private async pins(): Promise<{ pins: Pin[]; rev: number }> {
    const [rev, raw] = (await this.run("Pins", KEYS.rev, KEYS.pins, KEYS.pinmeta, KEYS.history)) as [number, string[]];
    return { rev, pins: parsePins(raw) };
  }

  async markRead({ userId, name, seq }: { userId: string; name: string; seq: number }): Promise<ReadResult> {
    const [lastReadSeq, changed, epoch] = (await this.run("Read", KEYS.reads, KEYS.readers, KEYS.seq, EPOCH_KEY, userId, name, String(seq), newEpochId())) as [number, number, string];
    return { lastReadSeq, changed: changed === 1, epoch };
  }

  async reads(): Promise<{ reads: ReadPosition[]; epoch: string }> {
    const replies = await redisCall(this.redis, (r) => r.multi().set(EPOCH_KEY, newEpochId(), "NX").get(EPOCH_KEY).hgetall(KEYS.reads).hgetall(KEYS.readers).exec());
    const [, [epochError, epoch], [seqsError, seqs], [namesError, names]] = replies as [unknown, [Error | null, string], [Error | null, Record<string, string>], [Error | null, Record<string, string>]];
    if (epochError ?? seqsError ?? namesError) throw epochError ?? seqsError ?? namesError;
    const reads = Object.entries(seqs).map(([userId, seq]) => ({ userId, name: names[userId] ?? "Someone", seq: Number(seq) }));
    return { reads, epoch };
  }

  async claimDelivery(seq: number, now = new Date()): Promise<DeliveryClaim> {
    const claim = await this.run("Claim", KEYS.undelivered, KEYS.claims, String(seq), String(now.getTime()), String(now.getTime() + DELIVERY_LEASE_MS));
    return CLAIMS[claim as unknown as number]!;
  }

  async releaseDelivery(seq: number): Promise<void> {
    await redisCall(this.redis, (r) => r.zrem(KEYS.claims, String(seq)));
  }

  async markDelivered(seq: number): Promise<void> {
    await redisCall(this.redis, (r) => r.multi().zrem(KEYS.undelivered, String(seq)).zrem(KEYS.claims, String(seq)).exec());
  }
}

function parseMessage(member: string): ChatMessage {
  return chatMessageSchema.parse(JSON.parse(member));
}

/** Pins from the script's { message JSON, meta JSON } pairs. */
function parsePins(raw: string[]): Pin[] {
  const pins: Pin[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const { by, at } = JSON.parse(raw[i + 1]!) as { by: string; at: string };
    pins.push(pinOf(parseMessage(raw[i]!), by, at));
  }
  return pins;
}
