import { describe, expect, it } from "vitest";

import { BACKENDS, startRedisForTests } from "../store/test-backends";
import { MemoryFileMetaStore, RedisFileMetaStore, type FileMeta, type FileMetaStore } from "./file-meta-store";

const redis = startRedisForTests();

const meta = (id: string, extra: Partial<FileMeta> = {}): FileMeta => ({
  id,
  ownerId: "u-ana",
  name: "Plan.pdf",
  type: "application/pdf",
  size: 1234,
  thumb: false,
  createdAt: "2026-12-03T10:00:00.000Z",
  ...extra,
});

describe.each(BACKENDS)("FileMetaStore contract: %s", (kind) => {
  const make = (): FileMetaStore => (kind === "memory" ? new MemoryFileMetaStore() : new RedisFileMetaStore(redis.client()));

  it("keeps what was put, and null for an unknown id", async () => {
    const store = make();
    const photo = meta("AbCdEfGhIjKlMnOpQrStUv", { type: "image/jpeg", name: "IMG_1.jpg", width: 640, height: 480, thumb: true });
    await store.put(photo);
    expect(await store.get(photo.id)).toEqual(photo);
    expect(await store.get("nope")).toBeNull();
  });

  it("notes the carrying message on existing files only, and forgets deleted ones", async () => {
    const store = make();
    await store.put(meta("file-one-0000000000000"));
    await store.attach(["file-one-0000000000000", "file-gone-000000000000"], "m7-epoch");
    expect((await store.get("file-one-0000000000000"))?.messageId).toBe("m7-epoch");
    expect(await store.get("file-gone-000000000000")).toBeNull();
    await store.delete("file-one-0000000000000");
    expect(await store.get("file-one-0000000000000")).toBeNull();
  });

  it("lists uploads no message carries, older than a time: attached and deleted ones never", async () => {
    const store = make();
    await store.put(meta("old-draft-000000000000", { createdAt: "2026-12-01T10:00:00.000Z" }));
    await store.put(meta("old-sent-0000000000000", { createdAt: "2026-12-01T10:00:00.000Z" }));
    await store.put(meta("old-gone-0000000000000", { createdAt: "2026-12-01T10:00:00.000Z" }));
    await store.put(meta("new-draft-000000000000", { createdAt: "2026-12-03T10:00:00.000Z" }));
    await store.attach(["old-sent-0000000000000"], "m1-e");
    await store.delete("old-gone-0000000000000");
    expect(await store.abandoned(new Date("2026-12-02T10:00:00.000Z"), 10)).toEqual(["old-draft-000000000000"]);
    expect((await store.abandoned(new Date("2026-12-04T10:00:00.000Z"), 10)).sort()).toEqual(["new-draft-000000000000", "old-draft-000000000000"]);
    expect(await store.abandoned(new Date("2026-12-04T10:00:00.000Z"), 1)).toHaveLength(1);
  });

  it("is shared by every instance on the same data", async () => {
    if (kind === "memory") return;
    const first = redis.client();
    const a = new RedisFileMetaStore(first);
    const b = new RedisFileMetaStore(redis.client(first));
    await a.put(meta("shared-file-0000000000"));
    expect((await b.get("shared-file-0000000000"))?.name).toBe("Plan.pdf");
  });
});
