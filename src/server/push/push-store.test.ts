import { startRedisForTests, BACKENDS } from "../store/test-backends";
import { MAX_DEVICES_PER_USER, MemoryPushStore, type PushStore } from "./push-store";
import { RedisPushStore } from "./redis-push-store";

const device = (name: string) => ({
  endpoint: `https://fcm.googleapis.com/fcm/send/${name}`,
  expirationTime: null,
  keys: { p256dh: `B${"A".repeat(86)}`, auth: "A".repeat(22) },
});

describe.each(BACKENDS)("PushStore (%s)", (backend) => {
  const redis = startRedisForTests();
  const newStore = (): PushStore => (backend === "memory" ? new MemoryPushStore() : new RedisPushStore(redis.client()));

  it("keeps each person's devices, newest first", async () => {
    const store = newStore();
    await store.add("ana", device("phone"));
    await store.add("ana", device("laptop"));
    await store.add("ben", device("tablet"));
    expect((await store.list("ana")).map((d) => d.endpoint)).toEqual([device("laptop").endpoint, device("phone").endpoint]);
    expect(await store.list("ben")).toEqual([device("tablet")]);
    expect(await store.list("cleo")).toEqual([]);
  });

  it("moves a device to whoever subscribes it next", async () => {
    const store = newStore();
    await store.add("ana", device("shared"));
    await store.add("ben", device("shared"));
    expect(await store.list("ana")).toEqual([]);
    expect(await store.list("ben")).toEqual([device("shared")]);
    expect(await store.remove("ana", device("shared").endpoint)).toBe(false);
    expect(await store.remove("ben", device("shared").endpoint)).toBe(true);
    expect(await store.list("ben")).toEqual([]);
  });

  it(`keeps at most ${MAX_DEVICES_PER_USER} devices a person, dropping the oldest`, async () => {
    const store = newStore();
    for (let i = 0; i <= MAX_DEVICES_PER_USER; i++) await store.add("ana", device(`d${i}`));
    const kept = (await store.list("ana")).map((d) => d.endpoint);
    expect(kept).toHaveLength(MAX_DEVICES_PER_USER);
    expect(kept).not.toContain(device("d0").endpoint);
    expect(kept[0]).toBe(device(`d${MAX_DEVICES_PER_USER}`).endpoint);
    // The dropped device belongs to nobody any more: a later drop of it is harmless.
    await store.drop(device("d0").endpoint);
    expect(await store.list("ana")).toHaveLength(MAX_DEVICES_PER_USER);
  });

  it("drops a device whoever has it (the push service said it is gone)", async () => {
    const store = newStore();
    await store.add("ana", device("phone"));
    await store.drop(device("phone").endpoint);
    expect(await store.list("ana")).toEqual([]);
  });

  it("re-subscribing the same device keeps one entry with the newest keys", async () => {
    const store = newStore();
    await store.add("ana", device("phone"));
    const renewed = { ...device("phone"), keys: { ...device("phone").keys, auth: "B".repeat(22) } };
    await store.add("ana", renewed);
    expect(await store.list("ana")).toEqual([renewed]);
  });
});
