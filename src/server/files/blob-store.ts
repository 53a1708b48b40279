import "server-only";

import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

import { FILE_ID_PATTERN } from "@/lib/attachments";

/** The bytes of one stored object and how many there are. */
export interface StoredObject {
  body: ReadableStream<Uint8Array>;
  size: number;
}

/**
 * Where uploaded bytes live. Keys are made by the server only: a file id
 * (22 url-safe characters) optionally followed by `.thumb`, so no key can
 * name anything outside the store. put overwrites (the same key twice is
 * one object); get of a missing key is null; delete of one is a no-op.
 */
export interface BlobStore {
  readonly kind: "disk" | "s3";
  put(key: string, bytes: Uint8Array, type: string): Promise<void>;
  get(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
}

const KEY_PATTERN = new RegExp(`${FILE_ID_PATTERN.source.slice(0, -1)}(\\.thumb)?$`);

/** Refuses any key the server could not have made (a second wall behind the id checks of the routes). */
export function assertBlobKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`Not a storage key: ${JSON.stringify(key.slice(0, 40))}`);
}

/** The key of a file's bytes or of its thumbnail. */
export function blobKey(id: string, variant: "file" | "thumb" = "file"): string {
  return variant === "thumb" ? `${id}.thumb` : id;
}

/**
 * Files in one directory on this machine (DATA_DIR/uploads by default,
 * made on first write). A write goes to a temporary name and is renamed
 * into place, so a reader never sees half a file.
 */
export class DiskBlobStore implements BlobStore {
  readonly kind = "disk";
  constructor(readonly dir: string) {}

  private pathOf(key: string): string {
    assertBlobKey(key);
    return path.join(this.dir, key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(this.dir, { recursive: true });
    const temporary = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
    try {
      await writeFile(temporary, bytes);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.pathOf(key);
    try {
      const { size } = await stat(file);
      return { body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
