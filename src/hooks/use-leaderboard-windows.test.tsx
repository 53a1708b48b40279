import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { Award, Entry, LeaderboardPage, RankingUpdate, SessionUser } from "@/lib/schemas";

import { FakePusher } from "../../tests/support/fake-pusher";
import { useAwardHistory } from "./use-award-history";
import { useLeaderboard, type UseLeaderboardOptions } from "./use-leaderboard";
import { signedInWrapper } from "../../tests/support/signed-in";

vi.mock("pusher-js", async () => ({ default: (await import("../../tests/support/fake-pusher")).FakePusher }));

const coach: SessionUser = { id: "coach1", name: "Cora", role: "coach" };
const row = (userId: string, rank: number, score: number, extra: Partial<Entry> = {}): Entry => ({ userId, name: userId.toUpperCase(), score, rank, previousRank: rank, change: 0, ...extra });
const page = (rows: Entry[], extra: Partial<LeaderboardPage> = {}): LeaderboardPage => ({ leaderboard: rows, epoch: "e1", total: rows.length, version: 5, updatedAt: "t", ...extra });
const event = (rows: Entry[], extra: Partial<RankingUpdate> = {}): RankingUpdate => ({ leaderboard: rows, epoch: "e1", version: 6, updatedAt: "t2", changes: [], total: rows.length, ...extra });
const ids = (rows: Entry[]) => rows.map((entry) => entry.userId);

/** The API, answering by path: `routes` maps a path prefix (with its query) to an answer. */
function fakeApi(routes: Record<string, unknown>) {
  const calls: { url: string; method: string }[] = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    calls.push({ url, method: init?.method ?? "GET" });
    const match = Object.keys(routes)
      .filter((prefix) => url.startsWith(prefix))
      .sort((a, b) => b.length - a.length)[0];
    return match === undefined ? Response.json({ error: { code: "not_found", message: "no" } }, { status: 404 }) : Response.json(routes[match]);
  });
  return { fetch, calls, routes, gets: (prefix: string) => calls.filter((call) => call.method === "GET" && call.url.startsWith(prefix)).length };
}

const wrapperFor = (user: SessionUser) => signedInWrapper(user);

const channel = () => FakePusher.instances.at(-1)!.channel("leaderboard-channel")!;

async function connect() {
  await act(() => vi.dynamicImportSettled());
  act(() => {
    FakePusher.instances.at(-1)!.move("connected");
    channel().emit("pusher:subscription_succeeded");
  });
}

async function renderBoard(options: UseLeaderboardOptions, user: SessionUser = coach) {
  const rendered = renderHook((props: UseLeaderboardOptions) => useLeaderboard(props), { wrapper: wrapperFor(user), initialProps: options });
  await connect();
  return rendered;
}

let api: ReturnType<typeof fakeApi>;
beforeEach(() => {
  FakePusher.instances = [];
});
afterEach(async () => {
  cleanup();
  await new Promise((resolve) => setTimeout(resolve, 5));
  vi.unstubAllGlobals();
});

describe("useLeaderboard with windows and classes", () => {
  beforeEach(() => {
    api = fakeApi({
      "/api/leaderboard?limit=50&window=all": page([row("ana", 1, 90), row("ben", 2, 50)], { board: { window: "all" } }),
      "/api/leaderboard?limit=50&window=day": page([row("ben", 1, 20)], { version: 3, board: { window: "day" }, period: { start: "s", end: new Date(Date.now() + 3_600_000).toISOString() } }),
      "/api/leaderboard?limit=50&window=week&classId=u12": page([row("cy", 1, 7)], { version: 2, board: { window: "week", classId: "u12" } }),
    });
    vi.stubGlobal("fetch", api.fetch);
  });

  it("loads the chosen window and applies only that board's ranking-updates", async () => {
    const { result } = await renderBoard({ window: "day" });
    await waitFor(() => expect(ids(result.current.leaderboard)).toEqual(["ben"]));
    expect(result.current.board).toEqual({ window: "day" });
    expect(result.current.period?.start).toBe("s");
    // The all-time board's next version is not this board's.
    act(() => channel().emit("ranking-update", event([row("zed", 1, 999)], { version: 4, board: { window: "all" } })));
    act(() => channel().emit("ranking-update", event([row("zed", 1, 999)], { version: 4 })));
    act(() => channel().emit("ranking-update", event([row("zed", 1, 999)], { version: 4, board: { window: "day", classId: "u12" } })));
    expect(ids(result.current.leaderboard)).toEqual(["ben"]);
    act(() => channel().emit("ranking-update", event([row("ben", 1, 30), row("dee", 2, 5)], { version: 4, board: { window: "day" } })));
    expect(ids(result.current.leaderboard)).toEqual(["ben", "dee"]);
    expect(result.current.version).toBe(4);
  });

  it("switches board: starts over with the new board's page and versions", async () => {
    const { result, rerender } = await renderBoard({ window: "all" });
    await waitFor(() => expect(result.current.version).toBe(5));
    rerender({ window: "week", classId: "u12" });
    await waitFor(() => expect(ids(result.current.leaderboard)).toEqual(["cy"]));
    // A lower version than the all-time board's, taken because it is another board.
    expect(result.current.version).toBe(2);
    expect(result.current.board).toEqual({ window: "week", classId: "u12" });
    act(() => channel().emit("ranking-update", event([row("cy", 1, 9)], { version: 3, board: { window: "week", classId: "u12" } })));
    expect(result.current.leaderboard[0]).toMatchObject({ userId: "cy", score: 9 });
  });

  it("reloads when the window's period ends (a new day starts empty)", async () => {
    api.routes["/api/leaderboard?limit=50&window=day"] = page([row("ben", 1, 20)], { version: 3, period: { start: "s", end: new Date(Date.now() + 100).toISOString() } });
    const { result } = await renderBoard({ window: "day" });
    await waitFor(() => expect(result.current.version).toBe(3));
    api.routes["/api/leaderboard?limit=50&window=day"] = page([], { version: 4, period: { start: "s2", end: new Date(Date.now() + 3_600_000).toISOString() } });
    await waitFor(() => expect(result.current.version).toBe(4), { timeout: 2000 });
    expect(result.current.leaderboard).toEqual([]);
  });

  it("undoes an award and applies the team board's answer", async () => {
    const undone = event([row("ben", 1, 50), row("ana", 2, 40)], { board: { window: "all" } });
    const awardOf = (id: string, extra: Partial<Award> = {}): Award => ({ id, seq: 1, athleteId: "ana", athleteName: "Ana", points: -50, coachId: "coach1", coachName: "Cora", at: "t", ...extra });
    api.routes["/api/awards/aw1/undo"] = { award: awardOf("aw2", { undoOf: "aw1" }), original: awardOf("aw1", { points: 50, undoneBy: "aw2" }), ranking: undone, replayed: false };
    const { result } = await renderBoard({});
    await waitFor(() => expect(result.current.version).toBe(5));
    let answer: Awaited<ReturnType<typeof result.current.undoAward>> | undefined;
    await act(async () => {
      answer = await result.current.undoAward("aw1");
    });
    expect(answer).toMatchObject({ award: { id: "aw2", undoOf: "aw1" }, replayed: false });
    expect(api.calls.some((call) => call.method === "POST" && call.url === "/api/awards/aw1/undo")).toBe(true);
    expect(ids(result.current.leaderboard)).toEqual(["ben", "ana"]);
    expect(result.current.version).toBe(6);
  });
});

describe("useLeaderboard with movement over a period", () => {
  beforeEach(() => {
    api = fakeApi({
      "/api/leaderboard?limit=50&window=all&movement=day": page(
        [row("ana", 1, 90, { periodRank: 2, movement: 1 }), row("ben", 2, 50, { periodRank: 1, movement: -1 }), row("eve", 3, 10, { periodRank: null, movement: null })],
        { movementPeriod: { window: "day", start: "s", end: new Date(Date.now() + 3_600_000).toISOString() } },
      ),
    });
    vi.stubGlobal("fetch", api.fetch);
  });

  it("keeps each row's movement live from its rank at the period's start, and reloads for an athlete it cannot place", async () => {
    const { result } = await renderBoard({ movement: "day" });
    await waitFor(() => expect(result.current.leaderboard.map((entry) => entry.movement)).toEqual([1, -1, null]));
    expect(result.current.movementPeriod?.window).toBe("day");
    const gets = api.gets("/api/leaderboard");
    // Eve passes both: her start is unknown (null: new today), ana's and ben's are known.
    act(() => channel().emit("ranking-update", event([row("eve", 1, 100), row("ana", 2, 90), row("ben", 3, 50)], { board: { window: "all" } })));
    expect(result.current.leaderboard.map((entry) => [entry.userId, entry.movement])).toEqual([
      ["eve", null],
      ["ana", 0],
      ["ben", -2],
    ]);
    expect(api.gets("/api/leaderboard")).toBe(gets);
    // Someone it has never seen: it asks the server.
    act(() => channel().emit("ranking-update", event([row("new", 1, 500), row("eve", 2, 100)], { version: 7, board: { window: "all" } })));
    await waitFor(() => expect(api.gets("/api/leaderboard")).toBe(gets + 1));
  });
});

describe("useAwardHistory", () => {
  const award = (id: string, seq: number, points: number, extra: Partial<Award> = {}): Award => ({ id, seq, athleteId: "ana", athleteName: "Ana", points, coachId: "coach1", coachName: "Cora", at: "2026-12-03T10:00:00.000Z", ...extra });

  it("loads a page, pages back with the cursor, reloads after a live award and links the CSV of the same filters", async () => {
    api = fakeApi({
      "/api/awards?athlete=ana&limit=2&cursor=2": { awards: [award("a1", 1, 5)], nextCursor: null },
      "/api/awards?athlete=ana&limit=2": { awards: [award("a3", 3, 10), award("a2", 2, 7)], nextCursor: "2" },
      "/api/awards/summary": { athleteId: "ana", days: [{ date: "2026-12-03", points: 22, awards: 3 }], total: 22, timeZone: "UTC" },
      "/api/leaderboard": page([]),
    });
    vi.stubGlobal("fetch", api.fetch);
    const { result } = renderHook(() => useAwardHistory({ athlete: "ana", limit: 2 }, { summaryDays: 30 }), { wrapper: wrapperFor(coach) });
    await connect();
    await waitFor(() => expect(result.current.awards.map((a) => a.id)).toEqual(["a3", "a2"]));
    expect(result.current.hasMore).toBe(true);
    expect(result.current.summary?.total).toBe(22);
    expect(result.current.csvHref).toBe("/api/awards.csv?athlete=ana&limit=2");
    expect(api.calls.some((call) => call.url === "/api/awards/summary?athlete=ana&days=30")).toBe(true);
    await act(() => result.current.loadMore());
    expect(result.current.awards.map((a) => a.id)).toEqual(["a3", "a2", "a1"]);
    expect(result.current.hasMore).toBe(false);

    // An undo lands: the newest page now has the compensating award and the original marked.
    api.routes["/api/awards?athlete=ana&limit=2"] = { awards: [award("a4", 4, -10, { undoOf: "a3" }), award("a3", 3, 10, { undoneBy: "a4" })], nextCursor: "3" };
    act(() => channel().emit("ranking-update", event([], { board: { window: "day" } })));
    act(() => channel().emit("ranking-update", event([], { board: { window: "all" } })));
    await waitFor(() => expect(result.current.awards.map((a) => a.id)).toEqual(["a4", "a3", "a2", "a1"]), { timeout: 3000 });
    expect(result.current.awards[1]!.undoneBy).toBe("a4");
  });

  it("shows an error when the history cannot be read", async () => {
    api = fakeApi({ "/api/leaderboard": page([]) });
    vi.stubGlobal("fetch", api.fetch);
    const { result } = renderHook(() => useAwardHistory({ athlete: "someone-else" }), { wrapper: wrapperFor({ id: "ana", name: "Ana", role: "athlete" }) });
    await connect();
    await waitFor(() => expect(result.current.error).toBeTruthy());
    expect(result.current.loading).toBe(false);
    expect(result.current.awards).toEqual([]);
  });
});
