import { describe, expect, it } from "vitest";

import type { ActivityItem } from "@/lib/app-events";

import { BACKENDS, startRedisForTests, type BackendKind } from "../store/test-backends";
import { MemoryActivityLog, type ActivityLog } from "./activity-log";
import { RedisActivityLog } from "./redis-activity-log";

const item = (channel: string, n: number): ActivityItem => ({
  id: `evt-${n}`,
  channel,
  event: "announcement",
  data: { message: `"news" ${n} 🏃`, author: "Coach", nested: { list: [1, 2] } },
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
});

const ids = (items: ActivityItem[]) => items.map((i) => i.id);

const redis = startRedisForTests();

describe.each(BACKENDS)("ActivityLog contract (%s)", (kind: BackendKind) => {
  const make = (limits = { perChannel: 50, maxChannels: 500 }): ActivityLog =>
    kind === "memory" ? new MemoryActivityLog(limits) : new RedisActivityLog(redis.client(), limits);

  it("returns a channel's events newest first, exactly as stored", async () => {
    const log = make();
    for (let n = 1; n <= 3; n += 1) await log.add(item("admin-channel", n));
    const recent = await log.recent("admin-channel", 10);
    expect(ids(recent)).toEqual(["evt-3", "evt-2", "evt-1"]);
    expect(recent[0]).toEqual(item("admin-channel", 3));
    expect(ids(await log.recent("admin-channel", 2))).toEqual(["evt-3", "evt-2"]);
    expect(await log.recent("progress-channel", 10)).toEqual([]);
  });

  it("keeps the last perChannel events of each channel", async () => {
    const log = make({ perChannel: 3, maxChannels: 10 });
    for (let n = 1; n <= 5; n += 1) await log.add(item("admin-channel", n));
    await log.add(item("progress-channel", 9));
    expect(ids(await log.recent("admin-channel", 50))).toEqual(["evt-5", "evt-4", "evt-3"]);
    expect(ids(await log.recent("progress-channel", 50))).toEqual(["evt-9"]);
  });

  it("keeps at most maxChannels channels, dropping the least recently written", async () => {
    const log = make({ perChannel: 3, maxChannels: 2 });
    await log.add(item("class-a-channel", 1));
    await log.add(item("class-b-channel", 2));
    await log.add(item("class-a-channel", 3));
    await log.add(item("class-c-channel", 4));
    expect(ids(await log.recent("class-b-channel", 10))).toEqual([]);
    expect(ids(await log.recent("class-a-channel", 10))).toEqual(["evt-3", "evt-1"]);
    expect(ids(await log.recent("class-c-channel", 10))).toEqual(["evt-4"]);
  });
});
