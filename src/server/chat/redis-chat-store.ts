import "server-only";

import type Redis from "ioredis";

import { chatMessageSchema, type ChatMessage, type ChatQuery } from "@/lib/schemas";

import { EPOCH_KEY, newEpochId } from "../store/epoch";
import { redisCall } from "../store/redis";
import {
  DEFAULT_CHAT_CAPACITY,
  DELIVERY_LEASE_MS,
  type AppendResult,
  type ChatHistory,
  type ChatStore,
  type DeliveryClaim,
  type NewMessage,
} from "./chat-store";

/** How long a clientMessageId is remembered (and only while its message is still held). */
export const CHAT_IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

const KEYS = {
  seq: "chat:seq",
  history: "chat:history",
  undelivered: "chat:undelivered",
  /** sorted set: seq scored by until when (ms) one process holds the sending of its event */
  claims: "chat:claims",
  client: (userId: string, clientMessageId: string) => `chat:client:${userId}:${clientMessageId}`,
  /** Named in the script's KEYS when a post has no clientMessageId; never written. */
  noClient: "chat:client:-",
};

/**
 * One post, atomically: the epoch (kept if there is one), the idempotency
 * check, the next seq, the message (its JSON built from the body the caller
 * serialized: user text only ever travels in ARGV), trimming to capacity,
 * and the "not yet announced" mark with the poster's claim to send it.
 * KEYS: seq, history, epoch, client key, undelivered, claims.
 * ARGV: epoch candidate, capacity, TTL seconds, message body JSON, "1" when
 * KEYS[4] is a real client key, now (ms), claim until (ms).
 * Returns { created (0|1), message JSON, epoch, undelivered (0|1) }.
 */
const APPEND_SCRIPT = `
redis.call('SET', KEYS[3], ARGV[1], 'NX')
local epoch = redis.call('GET', KEYS[3])
if ARGV[5] == '1' then
  local known = redis.call('GET', KEYS[4])
  if known then
    local held = redis.call('ZRANGEBYSCORE', KEYS[2], known, known)
    if held[1] then
      local pending = redis.call('ZSCORE', KEYS[5], known) and 1 or 0
      return {0, held[1], epoch, pending}
    end
  end
end
local seq = redis.call('INCR', KEYS[1])
local digits = string.format('%d', seq)
local member = '{"id":"m' .. digits .. '-' .. epoch .. '","seq":' .. digits .. ',' .. string.sub(ARGV[4], 2)
local capacity = tonumber(ARGV[2])
redis.call('ZADD', KEYS[2], seq, member)
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(capacity + 1))
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', seq - capacity)
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', ARGV[6])
if ARGV[5] == '1' then
  redis.call('SET', KEYS[4], digits, 'EX', ARGV[3])
  redis.call('ZADD', KEYS[5], seq, digits)
  redis.call('ZADD', KEYS[6], ARGV[7], digits)
  return {1, member, epoch, 1}
end
return {1, member, epoch, 0}
`;

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

type ChatRedis = Redis & {
  coachproChatAppend(...args: string[]): Promise<[number, string, string, number]>;
  coachproChatClaim(...args: string[]): Promise<number>;
};

/**
 * Chat history in Redis, shared by every web instance and kept across
 * restarts: `seq` from INCR, the last `capacity` messages in a sorted set
 * scored by seq, clientMessageId → seq with a TTL. Every call goes through
 * redisCall (503 while Redis is unreachable).
 */
export class RedisChatStore implements ChatStore {
  private readonly redis: ChatRedis;
  private readonly capacity: number;

  constructor(redis: Redis, options: { capacity?: number } = {}) {
    this.capacity = options.capacity ?? DEFAULT_CHAT_CAPACITY;
    if (!("coachproChatAppend" in redis)) {
      redis.defineCommand("coachproChatAppend", { numberOfKeys: 6, lua: APPEND_SCRIPT });
      redis.defineCommand("coachproChatClaim", { numberOfKeys: 2, lua: CLAIM_SCRIPT });
    }
    this.redis = redis as ChatRedis;
  }

  async append(input: NewMessage, now = new Date()): Promise<AppendResult> {
    const body = JSON.stringify({
      userId: input.userId,
      user: input.user,
      message: input.message,
      timestamp: now.toISOString(),
      ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}),
      ...(input.role ? { role: input.role } : {}),
    });
    const clientKey = input.clientMessageId ? KEYS.client(input.userId, input.clientMessageId) : KEYS.noClient;
    const [created, member, epoch, undelivered] = await redisCall(this.redis, (r) =>
      (r as ChatRedis).coachproChatAppend(
        KEYS.seq,
        KEYS.history,
        EPOCH_KEY,
        clientKey,
        KEYS.undelivered,
        KEYS.claims,
        newEpochId(),
        String(this.capacity),
        String(CHAT_IDEMPOTENCY_TTL_SECONDS),
        body,
        input.clientMessageId ? "1" : "0",
        String(now.getTime()),
        String(now.getTime() + DELIVERY_LEASE_MS),
      ),
    );
    return { message: parseMessage(member), created: created === 1, undelivered: undelivered === 1, epoch };
  }

  /** Same cursors as the memory store: `after` reads forward, otherwise the newest before `before`. */
  async list({ limit, before, after }: ChatQuery): Promise<ChatHistory> {
    const max = before !== undefined ? `(${before}` : "+inf";
    const replies = await redisCall(this.redis, (r) => {
      const multi = r.multi().set(EPOCH_KEY, newEpochId(), "NX").get(EPOCH_KEY);
      if (after !== undefined) multi.zrangebyscore(KEYS.history, `(${after}`, max, "LIMIT", 0, limit + 1);
      else multi.zrevrangebyscore(KEYS.history, max, "-inf", "LIMIT", 0, limit + 1);
      return multi.exec();
    });
    const [, [epochError, epoch], [rangeError, members]] = replies as [unknown, [Error | null, string], [Error | null, string[]]];
    if (epochError ?? rangeError) throw epochError ?? rangeError;
    const page = members.slice(0, limit).map(parseMessage);
    return { messages: after !== undefined ? page : page.reverse(), hasMore: members.length > limit, epoch };
  }

  async claimDelivery(seq: number, now = new Date()): Promise<DeliveryClaim> {
    const claim = await redisCall(this.redis, (r) =>
      (r as ChatRedis).coachproChatClaim(KEYS.undelivered, KEYS.claims, String(seq), String(now.getTime()), String(now.getTime() + DELIVERY_LEASE_MS)),
    );
    return CLAIMS[claim]!;
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
