import { describe, expect, it } from "vitest";

import type { ClassInfo } from "@/lib/classes";

import { BACKENDS, startRedisForTests, type BackendKind } from "../store/test-backends";
import { MemoryClassStore, type ClassStore } from "./class-store";
import { RedisClassStore } from "./redis-class-store";

const info = (n: number, title = `Class "${n}" 🏃`): ClassInfo => ({
  id: `class-${n}`,
  title,
  startsAt: new Date(Date.UTC(2026, 11, 3, 10, n)).toISOString(),
  createdAt: new Date(Date.UTC(2026, 11, 3, 9, n)).toISOString(),
  createdBy: { id: "coach-1", name: "Cora" },
});
const ids = (classes: ClassInfo[]) => classes.map((c) => c.id);

const redis = startRedisForTests();

describe.each(BACKENDS)("ClassStore contract (%s)", (kind: BackendKind) => {
  const make = (capacity = 200): ClassStore => (kind === "memory" ? new MemoryClassStore(capacity) : new RedisClassStore(redis.client(), capacity));

  it("lists classes newest first, exactly as stored, and finds one by id", async () => {
    const store = make();
    expect(await store.list(10)).toEqual([]);
    for (let n = 1; n <= 3; n += 1) expect(await store.create(info(n))).toEqual({ info: info(n), created: true });
    expect(ids(await store.list(10))).toEqual(["class-3", "class-2", "class-1"]);
    expect(ids(await store.list(2))).toEqual(["class-3", "class-2"]);
    expect(await store.get("class-2")).toEqual(info(2));
    expect(await store.get("nope")).toBeNull();
  });

  it("gives back the class a creation key made instead of making a second one", async () => {
    const store = make();
    const first = await store.create(info(1), "coach-1:key-a");
    const again = await store.create(info(2, "A retry with a new id"), "coach-1:key-a");
    expect(again).toEqual({ info: first.info, created: false });
    expect(ids(await store.list(10))).toEqual(["class-1"]);
    // Another key (another coach, or another attempt) makes a new class.
    expect((await store.create(info(3), "coach-2:key-a")).created).toBe(true);
    expect((await store.create(info(4))).created).toBe(true);
    expect(ids(await store.list(10))).toEqual(["class-4", "class-3", "class-1"]);
  });

  it("keeps at most `capacity` classes, dropping the oldest with their creation keys", async () => {
    const store = make(2);
    await store.create(info(1), "k1");
    await store.create(info(2), "k2");
    await store.create(info(3), "k3");
    expect(ids(await store.list(10))).toEqual(["class-3", "class-2"]);
    expect(await store.get("class-1")).toBeNull();
    // k1's class is gone, so k1 makes a new class now; k3 still answers with its own.
    expect(await store.create(info(5), "k1")).toEqual({ info: info(5), created: true });
    expect(await store.create(info(6), "k3")).toEqual({ info: info(3), created: false });
    expect(ids(await store.list(10))).toEqual(["class-5", "class-3"]);
  });

  if (kind === "redis") {
    it("shares classes between instances and keeps them across a restart", async () => {
      const client = redis.client();
      await new RedisClassStore(client).create(info(1), "k1");
      const other = new RedisClassStore(redis.client(client));
      expect(ids(await other.list(10))).toEqual(["class-1"]);
      expect((await other.create(info(9), "k1")).created).toBe(false);
    });

    it("answers 503 (StoreUnavailableError) while Redis is down", async () => {
      const store = new RedisClassStore(redis.client());
      await store.list(1);
      await redis.server().kill();
      try {
        await expect(store.list(1)).rejects.toMatchObject({ status: 503 });
        await expect(store.create(info(1))).rejects.toMatchObject({ status: 503 });
      } finally {
        await redis.server().start();
      }
    });
  }
});
