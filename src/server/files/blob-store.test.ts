import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { startFakeS3, type FakeS3 } from "../../../tests/support/fake-s3";
import { assertBlobKey, blobKey, DiskBlobStore, type BlobStore } from "./blob-store";
import { StorageUnavailableError } from "./file-errors";
import { S3BlobStore } from "./s3-blob-store";

const ID = "AbCdEfGhIjKlMnOpQrStUv";
const OTHER = "zyxwvutsrqponmlkjihg-_";

async function text(store: BlobStore, key: string): Promise<string | null> {
  const found = await store.get(key);
  return found ? new Response(found.body).text() : null;
}

let s3: FakeS3;
let dir: string;
beforeAll(async () => {
  s3 = await startFakeS3();
  dir = await mkdtemp(path.join(tmpdir(), "coachpro-blobs-"));
});
afterAll(async () => {
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

const BACKENDS = {
  disk: () => new DiskBlobStore(path.join(dir, `store-${Math.random().toString(36).slice(2)}`)),
  s3: () => new S3BlobStore({ endpoint: s3.endpoint, bucket: s3.bucket, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: s3.region }),
};

describe.each(Object.keys(BACKENDS) as (keyof typeof BACKENDS)[])("BlobStore contract: %s", (kind) => {
  const make = BACKENDS[kind];
  afterEach(() => s3.objects.clear());

  it("gives back what was put, with its size, and null for a key never put", async () => {
    const store = make();
    await store.put(blobKey(ID), new TextEncoder().encode("hello file"), "application/pdf");
    const found = await store.get(blobKey(ID));
    expect(found?.size).toBe(10);
    expect(await new Response(found!.body).text()).toBe("hello file");
    expect(await store.get(blobKey(OTHER))).toBeNull();
  });

  it("overwrites on a second put of the same key (one object), and keeps a thumbnail apart", async () => {
    const store = make();
    await store.put(blobKey(ID), new TextEncoder().encode("first"), "image/png");
    await store.put(blobKey(ID), new TextEncoder().encode("second"), "image/png");
    await store.put(blobKey(ID, "thumb"), new TextEncoder().encode("small"), "image/webp");
    expect(await text(store, blobKey(ID))).toBe("second");
    expect(await text(store, blobKey(ID, "thumb"))).toBe("small");
    if (kind === "s3") expect([...s3.objects.keys()].sort()).toEqual([ID, `${ID}.thumb`]);
  });

  it("deletes, and deleting what is not there is fine", async () => {
    const store = make();
    await store.put(blobKey(ID), new Uint8Array([1, 2, 3]), "application/pdf");
    await store.delete(blobKey(ID));
    await store.delete(blobKey(ID));
    expect(await store.get(blobKey(ID))).toBeNull();
  });

  it("refuses keys the server could not have made (no way out of the store)", async () => {
    const store = make();
    for (const key of ["../etc/passwd", `${ID}/../../x`, "..", "", `${ID}.thumb.exe`, "a".repeat(22) + "%2F"]) {
      await expect(store.put(key, new Uint8Array([1]), "image/png")).rejects.toThrow(/Not a storage key/);
      await expect(store.get(key)).rejects.toThrow(/Not a storage key/);
    }
  });
});

describe("DiskBlobStore", () => {
  it("leaves no partial file behind and keeps only finished files in its directory", async () => {
    const store = new DiskBlobStore(path.join(dir, "tidy"));
    await store.put(blobKey(ID), new Uint8Array(1000));
    expect(await readdir(path.join(dir, "tidy"))).toEqual([ID]);
  });
});

describe("S3BlobStore", () => {
  afterEach(() => s3.failWith(undefined));

  it("signs every request with SigV4 (the fake refuses a wrong signature) and signs the payload's hash", async () => {
    const store = BACKENDS.s3();
    s3.requests.length = 0;
    await store.put(blobKey(ID), new TextEncoder().encode("signed"), "application/pdf");
    expect(s3.requests[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAFAKEFAKEFAKE\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=[^,]*x-amz-content-sha256[^,]*, Signature=[0-9a-f]{64}$/);
    expect(s3.objects.get(ID)?.type).toBe("application/pdf");

    const forged = new S3BlobStore({ endpoint: s3.endpoint, bucket: s3.bucket, accessKeyId: s3.accessKeyId, secretAccessKey: "wrong", region: s3.region });
    await expect(forged.get(blobKey(ID))).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it("answers 503 (StorageUnavailableError) when the bucket fails or cannot be reached in time", async () => {
    const store = BACKENDS.s3();
    s3.failWith(500);
    await expect(store.put(blobKey(ID), new Uint8Array([1]), "image/png")).rejects.toMatchObject({ status: 503 });
    s3.failWith(undefined);
    const unreachable = new S3BlobStore({ endpoint: "http://127.0.0.1:9", bucket: "b-b-b", accessKeyId: "k", secretAccessKey: "s", region: "us-east-1" }, 500);
    await expect(unreachable.get(blobKey(ID))).rejects.toMatchObject({ status: 503 });
  });
});

describe("assertBlobKey", () => {
  it("accepts a file id and its thumbnail key only", () => {
    expect(() => assertBlobKey(ID)).not.toThrow();
    expect(() => assertBlobKey(`${ID}.thumb`)).not.toThrow();
    expect(() => assertBlobKey(`${ID}x`)).toThrow();
  });
});
