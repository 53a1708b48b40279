import "server-only";

import type Redis from "ioredis";
import { z } from "zod";

import { redisCall } from "../store/redis";

/** What the app keeps about one upload (the bytes are in the BlobStore). */
export const fileMetaSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  name: z.string(),
  type: z.string(),
  size: z.number().int(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  thumb: z.boolean(),
  createdAt: z.string(),
  /** The message that carries the file, once posted. */
  messageId: z.string().optional(),
});
export type FileMeta = z.infer<typeof fileMetaSchema>;

/**
 * Upload metadata in the app's store, so every web instance agrees on who
 * owns a file, what it is and which message carries it.
 */
export interface FileMetaStore {
  get(id: string): Promise<FileMeta | null>;
  /** Stores (or replaces) a file's metadata. */
  put(meta: FileMeta): Promise<void>;
  /** Notes the message that carries each file (files already gone are skipped). */
  attach(ids: readonly string[], messageId: string): Promise<void>;
  delete(id: string): Promise<void>;
  /** Up to `limit` files no message carries, uploaded before `before`: drafts never sent. */
  abandoned(before: Date, limit: number): Promise<string[]>;
}

export class MemoryFileMetaStore implements FileMetaStore {
  private readonly files = new Map<string, FileMeta>();

  async get(id: string): Promise<FileMeta | null> {
    const meta = this.files.get(id);
    return meta ? { ...meta } : null;
  }

  async put(meta: FileMeta): Promise<void> {
    this.files.set(meta.id, { ...meta });
  }

  async attach(ids: readonly string[], messageId: string): Promise<void> {
    for (const id of ids) {
      const meta = this.files.get(id);
      if (meta) meta.messageId = messageId;
    }
  }

  async delete(id: string): Promise<void> {
    this.files.delete(id);
  }

  async abandoned(before: Date, limit: number): Promise<string[]> {
    const cutoff = before.toISOString();
    return [...this.files.values()].filter((meta) => !meta.messageId && meta.createdAt < cutoff).slice(0, limit).map((meta) => meta.id);
  }
}

/**
 * `{prefix}file:{id}` → the metadata as JSON; `{prefix}files:unsent` → the
 * ids no message carries yet, scored by upload time (ms). Attach rewrites the
 * field only where the file still exists and takes it off the unsent set.
 * KEYS: unsent set, then each file's key. ARGV: message id, then each file id.
 */
const ATTACH_SCRIPT = `
for i = 2, #KEYS do
  local raw = redis.call('GET', KEYS[i])
  if raw then
    local meta = cjson.decode(raw)
    meta['messageId'] = ARGV[1]
    redis.call('SET', KEYS[i], cjson.encode(meta))
  end
  redis.call('ZREM', KEYS[1], ARGV[i])
end
return #KEYS - 1
`;

type FileRedis = Redis & { coachproFileAttach(...args: [number, ...string[]]): Promise<number> };

export class RedisFileMetaStore implements FileMetaStore {
  private readonly redis: FileRedis;

  constructor(redis: Redis) {
    if (!("coachproFileAttach" in redis)) redis.defineCommand("coachproFileAttach", { lua: ATTACH_SCRIPT });
    this.redis = redis as FileRedis;
  }

  async get(id: string): Promise<FileMeta | null> {
    const raw = await redisCall(this.redis, (r) => r.get(key(id)));
    return raw === null ? null : fileMetaSchema.parse(JSON.parse(raw));
  }

  async put(meta: FileMeta): Promise<void> {
    await redisCall(this.redis, async (r) => {
      const batch = r.multi().set(key(meta.id), JSON.stringify(meta));
      if (meta.messageId) batch.zrem(UNSENT, meta.id);
      else batch.zadd(UNSENT, Date.parse(meta.createdAt), meta.id);
      await batch.exec();
    });
  }

  async attach(ids: readonly string[], messageId: string): Promise<void> {
    if (ids.length === 0) return;
    await redisCall(this.redis, (r) => (r as FileRedis).coachproFileAttach(ids.length + 1, UNSENT, ...ids.map(key), messageId, ...ids));
  }

  async delete(id: string): Promise<void> {
    await redisCall(this.redis, (r) => r.multi().del(key(id)).zrem(UNSENT, id).exec());
  }

  async abandoned(before: Date, limit: number): Promise<string[]> {
    return redisCall(this.redis, (r) => r.zrangebyscore(UNSENT, "-inf", `(${before.getTime()}`, "LIMIT", 0, limit));
  }
}

const UNSENT = "files:unsent";

const key = (id: string) => `file:${id}`;
