import type Redis from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { GET as awardsCsvGet } from "@/app/api/awards.csv/route";
import { POST as undoPost } from "@/app/api/awards/[id]/undo/route";
import { GET as awardsGet } from "@/app/api/awards/route";
import { GET as summaryGet } from "@/app/api/awards/summary/route";
import { GET as boardGet, POST as awardPost } from "@/app/api/leaderboard/route";
import type { Award, AwardResult, RankingUpdate, SessionUser, UndoResult } from "@/lib/schemas";
import { resetLeaderboardState } from "@/server/leaderboard/leaderboard-service";
import { RedisLeaderboardStore } from "@/server/leaderboard/redis-leaderboard-store";

import { ADMIN_TOKEN, errorOf, makeRequest, type RequestOptions, signIn } from "../support/app";
import { type Client, newClient, subscribed, useEmbeddedServer } from "../support/realtime";
import { readyClient } from "../support/redis-client";
import { startTestRedis, type TestRedis } from "../support/redis-server";

const admin = { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, origin: null } satisfies RequestOptions;
const award = (json: unknown, options: RequestOptions = admin) => awardPost(makeRequest("/api/leaderboard", { json, ...options }), undefined);
const get = (handler: typeof awardsGet, path: string, options: RequestOptions = admin) => handler(makeRequest(path, { method: "GET", ...options }), undefined);
const undo = (id: string, options: RequestOptions = admin) => undoPost(makeRequest(`/api/awards/${id}/undo`, options), undefined);
const as = (person: { cookie: string }): RequestOptions => ({ cookie: person.cookie });

/** The first ranking-update on leaderboard-channel that `match`es (rejects after `ms`). */
function updateWhere(client: Client, match: (data: RankingUpdate) => boolean, ms = 5000): Promise<RankingUpdate> {
  return new Promise((resolve, reject) => {
    const channel = client.channel("leaderboard-channel");
    const timer = setTimeout(() => {
      channel.unbind("ranking-update", listener);
      reject(new Error(`no matching ranking-update within ${ms} ms`));
    }, ms);
    const listener = (data: RankingUpdate) => {
      if (!match(data)) return;
      clearTimeout(timer);
      channel.unbind("ranking-update", listener);
      resolve(data);
    };
    channel.bind("ranking-update", listener);
  });
}

let redis: TestRedis;
let stores = 0;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

describe.each(["memory", "redis"] as const)("/api/awards (%s store)", (backend) => {
  const realtime = useEmbeddedServer();
  let client: Client;
  let store: Redis | undefined;
  let coach: { user: SessionUser; cookie: string };
  let ana: { user: SessionUser; cookie: string };
  let ben: { user: SessionUser; cookie: string };

  beforeEach(async () => {
    store = backend === "redis" ? await readyClient(redis.url, `api-awards-${++stores}:`) : undefined;
    resetLeaderboardState(store ? new RedisLeaderboardStore(store) : undefined);
    client = newClient(realtime.port);
    await subscribed(client, "leaderboard-channel");
    coach = await signIn("Cora", "coach");
    ana = await signIn("Ana", "athlete");
    ben = await signIn("Ben", "athlete");
  });
  afterEach(() => {
    client.disconnect();
    store?.disconnect();
  });

  /** Ana +10 (reason, class u12) and Ben +5 by the coach, then Ana +3 by the admin token. */
  async function history(): Promise<Award[]> {
    const first = (await (await award({ updates: [{ userId: ana.user.id, points: 10, name: "Ana", reason: "  PR deadlift  ", classId: "u12" }, { userId: ben.user.id, points: 5, name: "Ben" }] }, as(coach))).json()) as AwardResult;
    const second = (await (await award({ userId: ana.user.id, points: 3 })).json()) as AwardResult;
    return [...first.awards, ...second.awards];
  }

  it("returns each award's id with who gave it and the trimmed reason; sends one ranking-update per board, each naming it", async () => {
    const events: RankingUpdate[] = [];
    client.channel("leaderboard-channel").bind("ranking-update", (data: RankingUpdate) => events.push(data));
    const last = updateWhere(client, (data) => data.board?.classId === "u12" && data.board.window === "month");
    const awards = await history();
    expect(awards.map((a) => [a.athleteId, a.points, a.reason ?? null, a.classId ?? null, a.coachId, a.coachName])).toEqual([
      [ana.user.id, 10, "PR deadlift", "u12", coach.user.id, "Cora"],
      [ben.user.id, 5, null, null, coach.user.id, "Cora"],
      [ana.user.id, 3, null, null, "admin", "Admin"],
    ]);
    await last;
    expect(events.slice(0, 8).map((event) => `${event.board?.classId ?? "team"}/${event.board?.window}`)).toEqual(["team/all", "team/day", "team/week", "team/month", "u12/all", "u12/day", "u12/week", "u12/month"]);
    expect(events[1]!.period).toEqual({ start: expect.any(String), end: expect.any(String) });
    expect(events[4]).toMatchObject({ total: 1, leaderboard: [{ userId: ana.user.id, score: 10, rank: 1 }] });
  });

  it("refuses a reason over 80 characters or with control characters, and a bad class id", async () => {
    for (const json of [
      { userId: "x", points: 1, name: "X", reason: "r".repeat(81) },
      { userId: "x", points: 1, name: "X", reason: "a\u0007b" },
      { userId: "x", points: 1, name: "X", classId: "no spaces" },
      { userId: "x", points: 1, name: "X", reason: 5 },
    ]) {
      const response = await award(json);
      expect(response.status, JSON.stringify(json)).toBe(422);
    }
    expect((await award({ userId: "x", points: 1, name: "X", reason: `  ${"r".repeat(80)}  ` })).status).toBe(200);
  });

  it("shows coaches every award with filters and a cursor; athletes only their own (403 otherwise); strangers 401", async () => {
    await history();
    const all = await (await get(awardsGet, "/api/awards", as(coach))).json();
    expect(all.awards.map((a: Award) => a.points)).toEqual([3, 5, 10]);
    const byCoach = await (await get(awardsGet, `/api/awards?coach=${coach.user.id}`, as(coach))).json();
    expect(byCoach.awards.map((a: Award) => a.points)).toEqual([5, 10]);
    const paged = await (await get(awardsGet, "/api/awards?limit=2", as(coach))).json();
    expect(paged.awards).toHaveLength(2);
    const rest = await (await get(awardsGet, `/api/awards?limit=2&cursor=${paged.nextCursor}`, as(coach))).json();
    expect(rest).toEqual({ awards: [expect.objectContaining({ points: 10 })], nextCursor: null });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await (await get(awardsGet, `/api/awards?from=${encodeURIComponent(future)}`, as(coach))).json()).awards).toEqual([]);
    expect((await (await get(awardsGet, `/api/awards?to=${encodeURIComponent(future)}`)).json()).awards).toHaveLength(3);

    const own = await (await get(awardsGet, "/api/awards", as(ana))).json();
    expect(own.awards.map((a: Award) => [a.athleteId, a.points])).toEqual([
      [ana.user.id, 3],
      [ana.user.id, 10],
    ]);
    expect((await get(awardsGet, `/api/awards?athlete=${ana.user.id}`, as(ana))).status).toBe(200);
    const other = await get(awardsGet, `/api/awards?athlete=${ben.user.id}`, as(ana));
    expect(other.status).toBe(403);
    expect((await errorOf(other)).code).toBe("own_awards_only");
    expect((await get(awardsGet, "/api/awards", { origin: null })).status).toBe(401);
  });

  it("answers 422 for bad filters", async () => {
    for (const query of ["limit=0", "limit=201", "limit=x", "from=yesterday", "cursor=abc", "athlete=a%20b", "format=xml", "extra=1", "from=2026-12-03T10:00:00Z&to=2026-12-02T10:00:00Z"]) {
      expect((await get(awardsGet, `/api/awards?${query}`, as(coach))).status, query).toBe(422);
    }
  });

  it("downloads the history as CSV for coaches, with formula-like cells neutralised; athletes get 403", async () => {
    await award({ userId: ana.user.id, points: 10, name: "Ana", reason: '=HYPERLINK("http://evil.example","x")' }, as(coach));
    await award({ userId: ben.user.id, points: -2, name: "Ben", reason: "@SUM(1+1)" }, as(coach));
    for (const response of [await get(awardsCsvGet, "/api/awards.csv", as(coach)), await get(awardsGet, "/api/awards?format=csv", as(coach))]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/csv");
      expect(response.headers.get("content-disposition")).toContain("attachment");
      const lines = (await response.text()).trim().split("\n");
      expect(lines[0]).toBe("id,at,athleteId,athleteName,points,reason,classId,coachId,coachName,undoOf,undoneBy,undoneAt");
      expect(lines).toHaveLength(3);
      // Newest first: the negative points and both reasons start with an apostrophe.
      expect(lines[1]).toContain(",'-2,'@SUM(1+1),");
      expect(lines[2]).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
    }
    const filtered = await (await get(awardsCsvGet, `/api/awards.csv?athlete=${ben.user.id}`, as(coach))).text();
    expect(filtered.trim().split("\n")).toHaveLength(2);
    expect((await get(awardsCsvGet, "/api/awards.csv", as(ana))).status).toBe(403);
    expect((await get(awardsGet, "/api/awards?format=csv", as(ana))).status).toBe(403);
    expect((await get(awardsCsvGet, "/api/awards.csv")).status).toBe(200);
  });

  it("undoes an award once (coach or admin), shows it in the history, and refuses an undo of an undo", async () => {
    const [first] = await history();
    const arrival = updateWhere(client, (data) => data.board?.window === "all" && !data.board.classId && data.leaderboard.some((row) => row.userId === ana.user.id && row.score === 3));
    const response = await undo(first!.id, as(coach));
    expect(response.status).toBe(200);
    const result = (await response.json()) as UndoResult;
    expect(result).toMatchObject({ replayed: false, award: { points: -10, undoOf: first!.id, coachId: coach.user.id }, original: { id: first!.id, undoneBy: result.award.id } });
    expect((await arrival).version).toBe(result.ranking.version);
    const again = (await (await undo(first!.id)).json()) as UndoResult;
    expect(again).toMatchObject({ replayed: true, award: { id: result.award.id } });
    const page = await (await boardGet(makeRequest("/api/leaderboard?classId=u12", { method: "GET", ...admin }), undefined)).json();
    expect(page.leaderboard).toEqual([expect.objectContaining({ userId: ana.user.id, score: 0 })]);
    const twice = await undo(result.award.id, as(coach));
    expect(twice.status).toBe(422);
    expect((await errorOf(twice)).code).toBe("cannot_undo_undo");
    expect((await undo("unknown-id", as(coach))).status).toBe(404);
    expect((await undo("bad%20id", as(coach))).status).toBe(422);
    expect((await undo(first!.id, as(ana))).status).toBe(403);
    expect((await undo(first!.id, { origin: null })).status).toBe(401);
    expect((await undo(first!.id, { ...as(coach), origin: "https://evil.example" })).status).toBe(403);
    const listed = await (await get(awardsGet, `/api/awards?athlete=${ana.user.id}`, as(coach))).json();
    expect(listed.awards.map((a: Award) => [a.points, a.undoOf ?? null, a.undoneBy ?? null])).toEqual([
      [-10, first!.id, null],
      [3, null, null],
      [10, null, result.award.id],
    ]);
  });

  it("summarises an athlete's net points per day for the chart, leaving undone awards out", async () => {
    const [first] = await history();
    await undo(first!.id, as(coach));
    const response = await get(summaryGet, "/api/awards/summary", as(ana));
    expect(response.status).toBe(200);
    const summary = await response.json();
    expect(summary).toMatchObject({ athleteId: ana.user.id, total: 3, timeZone: "UTC" });
    expect(summary.days).toHaveLength(30);
    expect(summary.days.at(-1)).toEqual({ date: new Date().toISOString().slice(0, 10), points: 3, awards: 1 });
    expect((await (await get(summaryGet, `/api/awards/summary?athlete=${ben.user.id}&days=7`, as(coach))).json()).days).toHaveLength(7);
    expect((await get(summaryGet, `/api/awards/summary?athlete=${ben.user.id}`, as(ana))).status).toBe(403);
    expect((await get(summaryGet, "/api/awards/summary", as(coach))).status).toBe(422);
    expect((await get(summaryGet, "/api/awards/summary?days=91", as(ana))).status).toBe(422);
  });

  it("reads a window's or a class's board, with movement on the team board, and refuses bad windows", async () => {
    await history();
    const read = (query: string) => boardGet(makeRequest(`/api/leaderboard?${query}`, { method: "GET", ...as(ana) }), undefined);
    const day = await (await read("window=day")).json();
    expect(day).toMatchObject({ board: { window: "day" }, total: 2, period: { start: expect.any(String) } });
    const moving = await (await read("movement=week")).json();
    expect(moving.movementPeriod.window).toBe("week");
    expect(moving.leaderboard.every((row: { movement: unknown }) => row.movement === null)).toBe(true);
    const cls = await (await read("window=week&classId=u12")).json();
    expect(cls.leaderboard.map((row: { userId: string }) => row.userId)).toEqual([ana.user.id]);
    for (const query of ["window=year", "movement=all", "classId=a%20b"]) expect((await read(query)).status, query).toBe(422);
  });
});
