import type Pusher from "pusher";

import { CHANNELS } from "@/lib/channels";

import { appCounters, appPrometheus, countChannelAuth, instrumentPusher, pusherEndpoint } from "./app-metrics";
import { occupancyRows } from "./snapshot";

/** Just the two methods every SDK call goes through. */
function fakePusher(outcome: () => Promise<unknown>) {
  const calls: string[] = [];
  const client = {
    get: (options: { path: string }) => (calls.push(`GET ${options.path}`), outcome()),
    post: (options: { path: string }) => (calls.push(`POST ${options.path}`), outcome()),
  };
  return { client: instrumentPusher(client as unknown as Pusher), calls };
}

const delta = async (act: () => Promise<unknown>) => {
  const before = await appCounters();
  await act();
  const after = await appCounters();
  return Object.fromEntries(Object.entries(after).map(([key, value]) => [key, value - before[key as keyof typeof before]]));
};

describe("instrumentPusher", () => {
  it("counts a trigger, a batch's events and a channel query as API calls", async () => {
    const { client, calls } = fakePusher(() => Promise.resolve({ status: 200 }));
    const moved = await delta(async () => {
      await client.post({ path: "/events", body: { name: "e", channels: ["a", "b"], data: "{}" } as never });
      await client.post({ path: "/batch_events", body: { batch: [{}, {}, {}] } as never });
      await client.get({ path: "/channels", params: { info: "subscription_count" } });
    });
    expect(calls).toEqual(["POST /events", "POST /batch_events", "GET /channels"]);
    expect(moved).toMatchObject({ apiCalls: 3, apiFailures: 0, triggers: 4, triggerFailures: 0 });
  });

  it("counts refused and unanswered calls as failures and passes the error on", async () => {
    const refused = Object.assign(new Error("Unexpected status code 401"), { status: 401 });
    const { client } = fakePusher(() => Promise.reject(refused));
    const moved = await delta(async () => {
      await expect(client.post({ path: "/events", body: {} as never })).rejects.toBe(refused);
      await expect(client.get({ path: "/stats" })).rejects.toBe(refused);
    });
    expect(moved).toMatchObject({ apiCalls: 2, apiFailures: 2, triggers: 1, triggerFailures: 1 });

    const { client: offline } = fakePusher(() => Promise.reject(new Error("ECONNREFUSED")));
    await expect(offline.get({ path: "/channels/presence-chat" })).rejects.toThrow("ECONNREFUSED");
    const { body } = await appPrometheus();
    expect(body).toContain('coachpro_app_pusher_api_calls_total{endpoint="channel",status="network"}');
    expect(body).toContain('coachpro_app_pusher_api_calls_total{endpoint="events",status="401"}');
    expect(body).not.toContain("presence-chat");
  });
});

describe("countChannelAuth", () => {
  it("counts signed and refused authorizations apart", async () => {
    const moved = await delta(async () => {
      countChannelAuth("signed");
      countChannelAuth("signed");
      countChannelAuth("refused");
    });
    expect(moved).toMatchObject({ channelAuths: 2, channelAuthRefusals: 1 });
  });
});

describe("pusherEndpoint", () => {
  it.each([
    ["/events", "events"],
    ["/batch_events", "batch_events"],
    ["/channels", "channels"],
    ["/stats", "stats"],
    ["/channels/private-user-1", "channel"],
    ["/channels/presence-chat/users", "channel_users"],
    ["/users/u-1/terminate_connections", "terminate_connections"],
    ["/something/else", "other"],
  ])("labels %s as %s", (path, label) => {
    expect(pusherEndpoint(path)).toBe(label);
  });
});

describe("occupancyRows", () => {
  it("lists the app's channels first (0 when empty), others by name, and sums private user channels", () => {
    const rows = occupancyRows(
      {
        "chat-channel": { subscription_count: 3 },
        "presence-chat": { subscription_count: 2 },
        "class-u12-channel": { subscription_count: 1 },
        "private-user-a": { subscription_count: 1 },
        "private-user-b": { subscription_count: 2 },
        "presence-class-u12": { subscription_count: 3 },
        "presence-class-u14": { subscription_count: 1 },
      },
      { "presence-chat": { user_count: 1 }, "presence-class-u12": { user_count: 2 }, "presence-class-u14": { user_count: 1 } },
    );
    expect(rows.map((row) => row.channel)).toEqual([
      "chat-channel",
      "leaderboard-channel",
      "presence-chat",
      "notification-channel",
      "progress-channel",
      "admin-channel",
      "private-coaches",
      "classes-channel",
      "class-u12-channel",
      "private-user-*",
      "presence-class-*",
    ]);
    expect(rows[0]).toEqual({ channel: "chat-channel", occupied: true, subscriptionCount: 3 });
    expect(rows[1]).toEqual({ channel: "leaderboard-channel", occupied: false, subscriptionCount: 0 });
    expect(rows[2]).toEqual({ channel: "presence-chat", occupied: true, subscriptionCount: 2, userCount: 1 });
    expect(rows.at(-2)).toEqual({ channel: "private-user-*", occupied: true, subscriptionCount: 3, channelCount: 2 });
    // Classes with someone on their page, and how many people in all.
    expect(rows.at(-1)).toEqual({ channel: "presence-class-*", occupied: true, subscriptionCount: 4, channelCount: 2, userCount: 3 });
  });

  it("sums the calls going on into one presence-call-* row", () => {
    const rows = occupancyRows(
      { "presence-call-c1": { subscription_count: 2 }, "presence-call-c2": { subscription_count: 3 } },
      { "presence-call-c1": { user_count: 2 }, "presence-call-c2": { user_count: 3 } },
    );
    expect(rows.filter((row) => row.channel.startsWith("presence-call"))).toEqual([
      { channel: "presence-call-*", occupied: true, subscriptionCount: 5, channelCount: 2, userCount: 5 },
    ]);
  });

  it("leaves counts out when the service listed names only", () => {
    const rows = occupancyRows({ "chat-channel": {}, "private-user-a": {} }, {});
    expect(rows[0]).toEqual({ channel: "chat-channel", occupied: true });
    expect(rows.at(-1)).toEqual({ channel: "private-user-*", occupied: true, channelCount: 1 });
  });

  it("lists at most 50 other channels", () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`class-${String(i).padStart(2, "0")}-channel`, { subscription_count: 1 }]));
    const rows = occupancyRows(many, {});
    expect(rows).toHaveLength(Object.values(CHANNELS).length + 50);
    expect(rows.at(-1)!.channel).toBe("class-49-channel");
  });
});
