import { describe, expect, it } from "vitest";

import type { Call } from "@/lib/call-schemas";
import { MemoryCallStore, type CallStore } from "@/server/calls/call-store";
import { RedisCallStore } from "@/server/calls/redis-call-store";
import { BACKENDS, startRedisForTests } from "@/server/store/test-backends";

const redis = startRedisForTests();

const NOW = new Date("2026-12-03T10:00:00.000Z");
const call = (id = "c1"): Call => ({
  id,
  video: true,
  createdBy: "cora",
  createdAt: NOW.toISOString(),
  ringUntil: new Date(NOW.getTime() + 30_000).toISOString(),
  endedAt: null,
  participants: [
    { id: "cora", name: "Cora", role: "coach", state: "joined" },
    { id: "ana", name: "Ana", role: "athlete", state: "invited" },
    { id: "ben", name: "Ben", role: "athlete", state: "invited" },
  ],
});

describe.each(BACKENDS)("CallStore (%s)", (kind) => {
  const make = (ttlMs = 60_000): CallStore => (kind === "memory" ? new MemoryCallStore({ maxCalls: 3, ttlMs }) : new RedisCallStore(redis.client(), ttlMs));

  it("stores a call and reads it back; an unknown id is null", async () => {
    const store = make();
    await store.create(call());
    expect(await store.get("c1")).toEqual(call());
    expect(await store.get("nope")).toBeNull();
  });

  it("applies answers and ends the call when fewer than two remain", async () => {
    const store = make();
    await store.create(call());
    const joined = await store.move("c1", "ana", "joined", NOW);
    expect(joined.participants.map((p) => p.state)).toEqual(["joined", "joined", "invited"]);
    const declined = await store.move("c1", "ben", "declined", NOW);
    expect(declined.endedAt).toBeNull();
    const left = await store.move("c1", "ana", "left", NOW);
    expect(left.endedAt).toBe(NOW.toISOString());
    expect(await store.get("c1")).toEqual(left);
  });

  it("loses no answer when several land at once", async () => {
    const store = make();
    await store.create(call());
    await Promise.all([store.move("c1", "ana", "joined", NOW), store.move("c1", "ben", "joined", NOW)]);
    expect((await store.get("c1"))!.participants.map((p) => p.state)).toEqual(["joined", "joined", "joined"]);
  });

  it("lists a person's unfinished calls, newest first, and no more", async () => {
    const store = make();
    const later = (id: string, seconds: number) => ({ ...call(id), createdAt: new Date(NOW.getTime() + seconds * 1_000).toISOString() });
    await store.create(later("a", 0));
    await store.create(later("b", 1));
    await store.create({ ...later("c", 2), participants: [call().participants[0]!, { id: "eve", name: "Eve", role: "athlete", state: "invited" }] });
    expect((await store.activeFor("ana")).map((c) => c.id)).toEqual(["b", "a"]);
    expect((await store.activeFor("eve")).map((c) => c.id)).toEqual(["c"]);
    expect(await store.activeFor("nobody")).toEqual([]);
    await store.move("b", "cora", "left", NOW);
    await store.move("b", "ana", "declined", NOW);
    await store.move("b", "ben", "declined", NOW);
    expect((await store.activeFor("ana")).map((c) => c.id)).toEqual(["a"]);
  });

  it("refuses outsiders (403) and unknown calls (404)", async () => {
    const store = make();
    await store.create(call());
    await expect(store.move("c1", "eve", "left", NOW)).rejects.toMatchObject({ status: 403 });
    await expect(store.move("nope", "ana", "left", NOW)).rejects.toMatchObject({ status: 404 });
  });

  it("forgets a call after its time to live", async () => {
    const store = make(50);
    await store.create(call());
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.get("c1")).toBeNull();
  });

  if (kind === "memory") {
    it("keeps at most its capacity, the oldest going first", async () => {
      const store = make();
      for (const id of ["a", "b", "c", "d"]) await store.create(call(id));
      expect(await store.get("a")).toBeNull();
      expect(await store.get("d")).not.toBeNull();
    });
  }
});
