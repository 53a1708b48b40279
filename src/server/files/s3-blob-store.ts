import "server-only";

import { createHash } from "node:crypto";

import { AwsClient } from "aws4fetch";

import type { FileStorageSettings } from "@/config/settings";

import { assertBlobKey, type BlobStore, type StoredObject } from "./blob-store";
import { StorageUnavailableError } from "./file-errors";

/** Every call to the bucket gets this long (a 10 MB upload on a slow link included). */
export const S3_DEADLINE_MS = 20_000;

type S3Settings = Extract<FileStorageSettings, { kind: "s3" }>;

/**
 * An S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Garage...) through
 * SigV4-signed path-style requests (`{endpoint}/{bucket}/{key}`): the one
 * gateway to the service, with its deadline and error mapping (503 when the
 * bucket cannot be reached or answers 5xx).
 */
export class S3BlobStore implements BlobStore {
  readonly kind = "s3";
  private readonly client: AwsClient;

  constructor(
    private readonly settings: Omit<S3Settings, "kind">,
    private readonly deadlineMs = S3_DEADLINE_MS,
  ) {
    this.client = new AwsClient({
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      region: settings.region,
      service: "s3",
      // One attempt within the deadline; the browser's retry re-sends the upload (stored once by its id).
      retries: 0,
    });
  }

  private urlOf(key: string): string {
    assertBlobKey(key);
    return `${this.settings.endpoint}/${encodeURIComponent(this.settings.bucket)}/${key}`;
  }

  private async call(key: string, init: RequestInit): Promise<Response> {
    const url = this.urlOf(key);
    let response: Response;
    try {
      response = await this.client.fetch(url, { ...init, signal: AbortSignal.timeout(this.deadlineMs) });
    } catch (error) {
      console.error(`coachpro: file storage unreachable: ${(error as Error).message}`);
      throw new StorageUnavailableError();
    }
    if (response.status >= 500 || response.status === 403 || response.status === 401) {
      await response.body?.cancel();
      console.error(`coachpro: file storage answered ${response.status} to ${init.method}`);
      throw new StorageUnavailableError();
    }
    return response;
  }

  async put(key: string, bytes: Uint8Array, type: string): Promise<void> {
    const response = await this.call(key, { method: "PUT", body: bytes as Uint8Array<ArrayBuffer>, headers: {
        "Content-Type": type,
        "Content-Length": String(bytes.byteLength),
        // The payload is signed too, so the bucket refuses bytes changed on the way.
        "X-Amz-Content-Sha256": createHash("sha256").update(bytes).digest("hex"),
      },
    });
    await response.body?.cancel();
    if (!response.ok) throw new StorageUnavailableError();
  }

  async get(key: string): Promise<StoredObject | null> {
    const response = await this.call(key, { method: "GET" });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok || !response.body) throw new StorageUnavailableError();
    return { body: response.body, size: Number(response.headers.get("content-length") ?? "0") };
  }

  async delete(key: string): Promise<void> {
    const response = await this.call(key, { method: "DELETE" });
    await response.body?.cancel();
    if (!response.ok && response.status !== 404) throw new StorageUnavailableError();
  }
}
