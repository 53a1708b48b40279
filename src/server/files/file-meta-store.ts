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
}

/** `{prefix}file:{id}` → the metadata as JSON; attach rewrites the field only where the key still exists. */
const ATTACH_SCRIPT = `
for i, key in ipairs(KEYS) do
  local raw = redis.call('GET', key)
  if raw then
    local meta = cjson.decode(raw)
    meta['messageId'] = ARGV[1]
    redis.call('SET', key, cjson.encode(meta))
  end
end
return #KEYS
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
    await redisCall(this.redis, (r) => r.set(key(meta.id), JSON.stringify(meta)));
  }

  async attach(ids: readonly string[], messageId: string): Promise<void> {
    if (ids.length === 0) return;
    await redisCall(this.redis, (r) => (r as FileRedis).coachproFileAttach(ids.length, ...ids.map(key), messageId));
  }

  async delete(id: string): Promise<void> {
    await redisCall(this.redis, (r) => r.del(key(id)));
  }
}

const key = (id: string) => `file:${id}`;
