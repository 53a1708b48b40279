import type Redis from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { DELETE, GET, POST } from "@/app/api/leaderboard/route";
import type { NoticeAddedEvent } from "@/lib/notifications";
import type { RankingUpdate } from "@/lib/schemas";
import { authorizeChannel } from "@/server/channel-auth";
import { resetLeaderboardState } from "@/server/leaderboard/leaderboard-service";
import { RedisLeaderboardStore } from "@/server/leaderboard/redis-leaderboard-store";

import { ADMIN_TOKEN, errorOf, makeRequest, type RequestOptions, signIn } from "../support/app";
import { type Client, newClient, nextEvent, subscribed, useEmbeddedServer } from "../support/realtime";
import { readyClient } from "../support/redis-client";
import { startTestRedis, type TestRedis } from "../support/redis-server";

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const award = (json: unknown, options: RequestOptions = {}) =>
  POST(makeRequest("/api/leaderboard", { json, origin: null, headers: admin, ...options }), undefined);
const board = (query = "", options: RequestOptions = { headers: admin }) =>
  GET(makeRequest(`/api/leaderboard${query}`, { method: "GET", ...options }), undefined);

let redis: TestRedis;
let stores = 0;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

// The same contract on both stores: this process's memory, and Redis (a fresh prefix per test).
describe.each(["memory", "redis"] as const)("/api/leaderboard (%s store)", (backend) => {
  const realtime = useEmbeddedServer();
  let client: Client;
  let store: Redis | undefined;

  beforeEach(async () => {
    store = backend === "redis" ? await readyClient(redis.url, `api-lb-${++stores}:`) : undefined;
    resetLeaderboardState(store ? new RedisLeaderboardStore(store) : undefined);
    client = newClient(realtime.port);
    await subscribed(client, "leaderboard-channel");
  });
  afterEach(() => {
    client.disconnect();
    store?.disconnect();
  });

  it("adds athletes, ranks them with shared ranks for ties, and announces one ranking-update", async () => {
    const arrival = nextEvent<RankingUpdate>(client, "leaderboard-channel", "ranking-update");
    const response = await award({
      updates: [
        { userId: "ana", points: 100, name: "Ana" },
        { userId: "ben", points: 90, name: "Ben" },
        { userId: "cy", points: 90, name: "Cy" },
        { userId: "dee", points: 80, name: "Dee" },
      ],
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const event = await arrival;
    expect(event.version).toBe(1);
    expect(event).toMatchObject({ total: 4 });
    expect(event.leaderboard.map((e) => [e.userId, e.rank])).toEqual([
      ["ana", 1],
      ["ben", 2],
      ["cy", 2],
      ["dee", 4],
    ]);
    expect(event.changes.every((e) => e.previousRank === null && e.change === null)).toBe(true);
    const body = await response.json();
    expect(body).toEqual({ ...event, awards: expect.any(Array) });
    expect(body.awards.map((a: { athleteId: string; points: number }) => [a.athleteId, a.points])).toEqual([
      ["ana", 100],
      ["ben", 90],
      ["cy", 90],
      ["dee", 80],
    ]);

    const page = await (await board("?limit=2")).json();
    expect(page).toMatchObject({ total: 4, version: 1 });
    expect(page.leaderboard.map((e: { userId: string }) => e.userId)).toEqual(["ana", "ben"]);
  });

  it("carries the store's epoch in the page, the award's answer and the ranking-update", async () => {
    const arrival = nextEvent<RankingUpdate>(client, "leaderboard-channel", "ranking-update");
    const answer = (await (await award({ userId: "ana", points: 5, name: "Ana" })).json()) as RankingUpdate;
    const page = await (await board()).json();
    expect(page.epoch).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(answer.epoch).toBe(page.epoch);
    expect((await arrival).epoch).toBe(page.epoch);
  });

  it("moves an athlete up and reports previousRank and change", async () => {
    await award({ updates: ["a", "b", "c", "d", "e"].map((id, i) => ({ userId: id, points: 50 - i * 10, name: id.toUpperCase() })) });
    const arrival = nextEvent<RankingUpdate>(client, "leaderboard-channel", "ranking-update");
    await award({ userId: "e", points: 100 });
    const event = await arrival;
    expect(event.leaderboard[0]).toMatchObject({ userId: "e", rank: 1, previousRank: 5, change: 4, score: 110 });
    expect(event.changes.find((e) => e.userId === "a")).toMatchObject({ rank: 2, previousRank: 1, change: -1 });
  });

  it("shows one athlete's neighbourhood with around", async () => {
    await award({ updates: Array.from({ length: 30 }, (_, i) => ({ userId: `u${i}`, points: 1000 - i, name: `U${i}` })) });
    const page = await (await board("?around=u15&limit=5")).json();
    expect(page.leaderboard.map((e: { userId: string }) => e.userId)).toEqual(["u13", "u14", "u15", "u16", "u17"]);
    expect((await board("?around=nobody")).status).toBe(404);
  });

  it("needs a name for a new athlete and validates points", async () => {
    const unknown = await award({ userId: "new", points: 5 });
    expect(unknown.status).toBe(422);
    expect((await errorOf(unknown)).code).toBe("unknown_athlete");
    for (const points of [0, 1.5, 100_001, -100_001, "5"]) {
      expect((await award({ userId: "x", points, name: "X" })).status, String(points)).toBe(422);
    }
    expect((await award({ userId: "x", points: 100_000, name: "X" })).status).toBe(200);
    expect((await award({ userId: "x", points: -100_000 })).status).toBe(200);
    expect((await award({ updates: Array.from({ length: 101 }, (_, i) => ({ userId: `u${i}`, points: 1, name: "U" })) })).status).toBe(422);
    expect((await award({ updates: [] })).status).toBe(422);
  });

  it("applies a batch atomically: one unknown athlete changes nothing", async () => {
    await award({ userId: "ana", points: 10, name: "Ana" });
    const response = await award({ updates: [{ userId: "ana", points: 5 }, { userId: "ghost", points: 5 }] });
    expect(response.status).toBe(422);
    const page = await (await board()).json();
    expect(page).toMatchObject({ version: 1, leaderboard: [{ userId: "ana", score: 10 }] });
  });

  it("makes retries safe with an Idempotency-Key", async () => {
    await award({ userId: "ana", points: 10, name: "Ana" });
    const headers = { ...admin, "idempotency-key": "award-ana-0001" };
    const first = await (await award({ userId: "ana", points: 5 }, { headers })).json();
    const again = await (await award({ userId: "ana", points: 5 }, { headers })).json();
    expect(again).toEqual(first);
    expect((await (await board()).json()).leaderboard[0].score).toBe(15);
    expect((await award({ userId: "ana", points: 5 }, { headers: { ...admin, "idempotency-key": "bad key!" } })).status).toBe(422);
  });

  it("gives a signed-in viewer below the top rows their own row as me, in the same response", async () => {
    const athlete = await signIn("Low", "athlete");
    await award({ updates: [...Array.from({ length: 8 }, (_, i) => ({ userId: `t${i}`, points: 500 - i, name: `T${i}` })), { userId: athlete.user.id, points: 5, name: "Low" }] });
    const asViewer = { headers: {}, cookie: athlete.cookie };
    const page = await (await board("?limit=3", asViewer)).json();
    expect(page.leaderboard).toHaveLength(3);
    expect(page.me).toMatchObject({ userId: athlete.user.id, rank: 9, score: 5 });
    // In the rows already: no separate me; not on the board: me is null; the admin token is nobody.
    expect((await (await board("?limit=20", asViewer)).json()).me).toBeUndefined();
    const stranger = await signIn("Watcher", "athlete");
    expect((await (await board("?limit=3", { headers: {}, cookie: stranger.cookie })).json()).me).toBeNull();
    expect((await (await board("?limit=3")).json()).me).toBeUndefined();
  });

  it("lets coaches award points, refuses athletes (403) and strangers (401)", async () => {
    const coach = await signIn("Cora", "coach");
    const athlete = await signIn("Ana", "athlete");
    const asCoach = await award({ userId: athlete.user.id, points: 50, name: "Ana" }, { headers: {}, origin: undefined, cookie: coach.cookie });
    expect(asCoach.status).toBe(200);
    const asAthlete = await award({ userId: athlete.user.id, points: 50 }, { headers: {}, origin: undefined, cookie: athlete.cookie });
    expect(asAthlete.status).toBe(403);
    expect((await errorOf(asAthlete)).code).toBe("coach_only");
    expect((await award({ userId: "x", points: 1, name: "X" }, { headers: {} })).status).toBe(401);
    expect((await award({ userId: "x", points: 1, name: "X" }, { headers: { authorization: "Bearer wrong-token-000000" } })).status).toBe(401);
    const crossSite = await award({ userId: athlete.user.id, points: 1 }, { headers: {}, origin: "https://evil.example", cookie: coach.cookie });
    expect(crossSite.status).toBe(403);
    expect((await board("", { headers: {} })).status).toBe(401);
    expect((await board("", { headers: {}, cookie: athlete.cookie })).status).toBe(200);
  });

  it("gives the athlete whose score changed an award notice on their private channel", async () => {
    const athlete = await signIn("Sam", "athlete");
    const personal = newClient(realtime.port, async (socketId, channel) => authorizeChannel(athlete.user, socketId, channel));
    const channel = `private-user-${athlete.user.id}`;
    await subscribed(personal, channel);
    const arrival = nextEvent<NoticeAddedEvent>(personal, channel, "notification-added");
    await award({ userId: athlete.user.id, points: 50, name: "Sam", reason: "Sprint PB" });
    expect(await arrival).toMatchObject({
      notice: { kind: "award", title: "+50 points — now #1", body: "Sprint PB", href: `/?tab=leaderboard&athlete=${athlete.user.id}`, read: false },
      unread: 1,
    });
    personal.disconnect();
  });

  it("resets the board and removes one athlete (admin only)", async () => {
    await award({ updates: [{ userId: "ana", points: 3, name: "Ana" }, { userId: "ben", points: 2, name: "Ben" }] });
    const remove = await DELETE(makeRequest("/api/leaderboard?userId=ana", { method: "DELETE", origin: null, headers: admin }), undefined);
    expect(remove.status).toBe(200);
    const afterRemoval = await remove.json();
    expect(afterRemoval.leaderboard.map((e: { userId: string }) => e.userId)).toEqual(["ben"]);
    expect(afterRemoval.total).toBe(1);
    const missing = await DELETE(makeRequest("/api/leaderboard?userId=ana", { method: "DELETE", origin: null, headers: admin }), undefined);
    expect(missing.status).toBe(404);
    const coach = await signIn("Cora", "coach");
    expect((await DELETE(makeRequest("/api/leaderboard", { method: "DELETE", cookie: coach.cookie }), undefined)).status).toBe(401);
    const reset = await DELETE(makeRequest("/api/leaderboard", { method: "DELETE", origin: null, headers: admin }), undefined);
    expect(await reset.json()).toMatchObject({ leaderboard: [], total: 0 });
    expect((await (await board()).json()).total).toBe(0);
  });

  it("tells every page the server's athlete count in each ranking-update, including after a removal", async () => {
    await award({ updates: ["a", "b", "c"].map((id) => ({ userId: id, points: 5, name: id.toUpperCase() })) });
    const removed = nextEvent<RankingUpdate & { total: number }>(client, "leaderboard-channel", "ranking-update");
    await DELETE(makeRequest("/api/leaderboard?userId=b", { method: "DELETE", origin: null, headers: admin }), undefined);
    expect((await removed).total).toBe(2);
    const added = nextEvent<RankingUpdate & { total: number }>(client, "leaderboard-channel", "ranking-update");
    await award({ userId: "d", points: 1, name: "D" });
    expect((await added).total).toBe(3);
  });

  it("keeps every ranking-update under 10 KB with 10,000 athletes", async () => {
    const names = (i: number) => `${"𝔸".repeat(19)}${i}`.slice(0, 40);
    for (let start = 0; start < 10_000; start += 100) {
      const updates = Array.from({ length: 100 }, (_, j) => ({ userId: `athlete-${start + j}`, points: ((start + j) * 7919) % 100_000 || 1, name: names(start + j) }));
      const response = await award({ updates });
      expect(response.status).toBe(200);
      // The answer is the team board's ranking-update plus the awards recorded: the event part is what Pusher carries.
      const { awards, ...sent } = await response.json();
      expect(awards).toHaveLength(100);
      expect(Buffer.byteLength(JSON.stringify(sent))).toBeLessThan(10 * 1024);
    }
    expect((await (await board()).json()).total).toBe(10_000);
    const single = await award({ userId: "athlete-9999", points: 100_000 });
    const { awards: _awards, ...event } = (await single.json()) as RankingUpdate & { awards: unknown };
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(10 * 1024);
    expect(event.changes.some((e) => e.userId === "athlete-9999")).toBe(true);
    expect(event).toMatchObject({ total: 10_000 });
  }, 60_000);
});
