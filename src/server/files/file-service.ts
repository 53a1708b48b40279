import "server-only";

import { createHmac } from "node:crypto";

import { fileUrl, FILE_ID_PATTERN, thumbUrl, type Attachment } from "@/lib/attachments";
import type { UploadQuery } from "@/lib/attachment-schemas";
import type { SessionUser } from "@/lib/schemas";

import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { getSettings } from "../settings";
import { getSharedRedis } from "../store/redis";
import { blobKey, DiskBlobStore, type BlobStore, type StoredObject } from "./blob-store";
import { UnreadableFileError } from "./file-errors";
import { MemoryFileMetaStore, RedisFileMetaStore, type FileMeta, type FileMetaStore } from "./file-meta-store";
import { detectType, fileNameFor } from "./file-types";
import { isImageType, processImage } from "./images";
import { S3BlobStore } from "./s3-blob-store";

interface FileBackends {
  blobs: BlobStore;
  meta: FileMetaStore;
  /** When this process last looked for abandoned uploads (ms). */
  lastSweep?: number;
}

/** An upload no message has taken after this long is a draft never sent: it is removed. */
export const ABANDONED_UPLOAD_MS = 24 * 60 * 60 * 1000;
/** Each process looks for abandoned uploads at most this often (on an upload), a bounded batch at a time. */
const SWEEP_EVERY_MS = 10 * 60 * 1000;
const SWEEP_BATCH = 50;

const globalForFiles = globalThis as typeof globalThis & { __coachproFiles?: FileBackends };

/** The stores settings pick, once per process: disk or S3 for the bytes, memory or Redis for the metadata. */
function defaultBackends(): FileBackends {
  const { storage } = getSettings().uploads;
  const redis = getSharedRedis();
  return {
    blobs: storage.kind === "s3" ? new S3BlobStore(storage) : new DiskBlobStore(storage.dir),
    meta: redis ? new RedisFileMetaStore(redis) : new MemoryFileMetaStore(),
  };
}

function backends(): FileBackends {
  globalForFiles.__coachproFiles ??= defaultBackends();
  return globalForFiles.__coachproFiles;
}

/** Replaces the stores (tests); undefined goes back to what settings pick. */
export function setFileBackends(next: FileBackends | undefined): void {
  globalForFiles.__coachproFiles = next;
}

/**
 * The id of upload `index` of the message `clientMessageId` by `userId`: the
 * same three always give the same id (so a retried upload, on any instance,
 * finds what was stored instead of storing it again), and nobody can guess
 * another user's ids (an HMAC under the server's secret). 22 url-safe characters.
 */
export function fileIdFor(userId: string, clientMessageId: string, index: number): string {
  return createHmac("sha256", getSettings().sessionSecret).update(`file\u0000${userId}\u0000${clientMessageId}\u0000${index}`).digest("base64url").slice(0, 22);
}

/** What a message (and its event) says about a stored file. */
export function attachmentOf(meta: FileMeta): Attachment {
  return {
    id: meta.id,
    name: meta.name,
    type: meta.type,
    size: meta.size,
    ...(meta.width && meta.height ? { width: meta.width, height: meta.height } : {}),
    url: fileUrl(meta.id),
    ...(meta.thumb ? { thumbUrl: thumbUrl(meta.id) } : {}),
  };
}

/**
 * Stores one upload of the signed-in user. A retry of the same (user,
 * clientMessageId, index) answers with what was stored, without reading or
 * storing the bytes again (`created: false`). `readBytes` is called only when
 * the file is new; it enforces the size limit (413).
 */
export async function storeUpload(
  user: SessionUser,
  query: UploadQuery,
  readBytes: () => Promise<Uint8Array>,
): Promise<{ attachment: Attachment; created: boolean }> {
  const { blobs, meta } = backends();
  sweepNow();
  const id = fileIdFor(user.id, query.clientMessageId, query.index);
  const known = await meta.get(id);
  if (known) return { attachment: attachmentOf(known), created: false };

  const input = await readBytes();
  if (input.byteLength === 0) throw new UnreadableFileError("This file is empty.");
  const type = await detectType(input);
  const name = fileNameFor(query.name, type);
  let bytes = input;
  let extra: Pick<FileMeta, "width" | "height" | "thumb"> = { thumb: false };
  if (isImageType(type)) {
    const image = await processImage(input, type);
    bytes = image.bytes;
    extra = { width: image.width, height: image.height, thumb: true };
    await blobs.put(blobKey(id, "thumb"), image.thumb, "image/webp");
  }
  await blobs.put(blobKey(id), bytes, type);
  const stored: FileMeta = { id, ownerId: user.id, name, type, size: bytes.byteLength, ...extra, createdAt: new Date().toISOString() };
  // Last: a file is visible only once its bytes are all in place.
  await meta.put(stored);
  return { attachment: attachmentOf(stored), created: true };
}

/** A stored file (or its thumbnail) to serve, with its metadata; 404 when there is none. */
export async function readStoredFile(id: string, variant: "file" | "thumb"): Promise<{ meta: FileMeta; object: StoredObject }> {
  if (!FILE_ID_PATTERN.test(id)) throw new NotFoundError("No such file.");
  const { blobs, meta } = backends();
  const found = await meta.get(id);
  if (!found || (variant === "thumb" && !found.thumb)) throw new NotFoundError("No such file.");
  const object = await blobs.get(blobKey(id, variant));
  if (!object) throw new NotFoundError("No such file.");
  return { meta: found, object };
}

/**
 * The attachments of a message being posted: each id must be an upload of
 * the poster's (422 otherwise), in the order given.
 */
export async function resolveAttachments(user: SessionUser, ids: readonly string[]): Promise<Attachment[]> {
  const { meta } = backends();
  const found = await Promise.all(ids.map((id) => meta.get(id)));
  const issues = found.flatMap((file, index) =>
    !file || file.ownerId !== user.id ? [{ path: `attachments.${index}`, message: "This file is not among your uploads (it may have been removed); attach it again." }] : [],
  );
  if (issues.length > 0) throw new ValidationError(issues, "A file of this message is not there.");
  return found.map((file) => attachmentOf(file!));
}

/** Notes which message carries the files (so they are removed with it, not by the composer). */
export async function attachFiles(ids: readonly string[], messageId: string): Promise<void> {
  if (ids.length > 0) await backends().meta.attach(ids, messageId);
}

/**
 * Removes files from storage (a deleted message's attachments). Best effort:
 * a file that cannot be removed now is logged, never failing the caller.
 */
export async function removeFiles(attachments: readonly Pick<Attachment, "id">[] | undefined): Promise<void> {
  await Promise.all(
    (attachments ?? []).map(({ id }) =>
      removeOne(id).catch((error: unknown) => console.error(`coachpro: could not remove file ${id}: ${(error as Error).message}`)),
    ),
  );
}

async function removeOne(id: string): Promise<void> {
  if (!FILE_ID_PATTERN.test(id)) return;
  const { blobs, meta } = backends();
  // Metadata first: from then on nobody is served a file whose bytes are going.
  await meta.delete(id);
  await Promise.all([blobs.delete(blobKey(id)), blobs.delete(blobKey(id, "thumb"))]);
}

/** The composer's "remove": the owner drops an upload that no message carries yet. */
export async function deleteUpload(user: SessionUser, id: string): Promise<void> {
  if (!FILE_ID_PATTERN.test(id)) throw new NotFoundError("No such file.");
  const found = await backends().meta.get(id);
  if (!found) throw new NotFoundError("No such file.");
  if (found.ownerId !== user.id) throw new ForbiddenError("Only the person who uploaded a file can remove it.");
  if (found.messageId) throw new ForbiddenError("This file belongs to a sent message; delete the message instead.");
  await removeOne(id);
}

/** Starts a sweep when this process has not swept for SWEEP_EVERY_MS (in the background; failures are logged). */
function sweepNow(now = Date.now()): void {
  const state = backends();
  if (state.lastSweep !== undefined && now - state.lastSweep < SWEEP_EVERY_MS) return;
  state.lastSweep = now;
  void sweepAbandonedUploads(new Date(now)).catch((error: unknown) => console.error(`coachpro: sweeping abandoned uploads failed: ${(error as Error).message}`));
}

/**
 * Removes uploads that no message took within ABANDONED_UPLOAD_MS (a draft
 * closed without sending), at most SWEEP_BATCH at a time. Returns how many.
 */
export async function sweepAbandonedUploads(now = new Date()): Promise<number> {
  const { meta } = backends();
  const ids = await meta.abandoned(new Date(now.getTime() - ABANDONED_UPLOAD_MS), SWEEP_BATCH);
  let removed = 0;
  for (const id of ids) {
    const found = await meta.get(id);
    // Sent meanwhile: it stays.
    if (found && found.messageId) continue;
    await removeOne(id);
    removed += 1;
  }
  return removed;
}
