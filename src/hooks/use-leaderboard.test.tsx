import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { Entry, LeaderboardPage, RankingUpdate, SessionUser } from "@/lib/schemas";

import { FakePusher } from "../../tests/support/fake-pusher";
import { useLeaderboard } from "./use-leaderboard";
import { signedInWrapper } from "../../tests/support/signed-in";

vi.mock("pusher-js", async () => ({ default: (await import("../../tests/support/fake-pusher")).FakePusher }));

const coach: SessionUser = { id: "coach1", name: "Cora", role: "coach" };

const row = (userId: string, rank: number, score: number): Entry => ({ userId, name: userId.toUpperCase(), score, rank, previousRank: rank, change: 0 });

/** GET /api/leaderboard answering whatever page the test sets. */
function fakeBoard(initial: LeaderboardPage) {
  let page = initial;
  const gets: string[] = [];
  const fetch = vi.fn(async (url: string) => {
    gets.push(url);
    return Response.json(page);
  });
  return { fetch, gets, set: (next: LeaderboardPage) => (page = next) };
}

const wrapperFor = (user: SessionUser) => signedInWrapper(user);

const channel = () => FakePusher.instances.at(-1)!.channel("leaderboard-channel")!;
const ids = (rows: Entry[]) => rows.map((entry) => entry.userId);

async function renderBoard(user: SessionUser = coach) {
  const rendered = renderHook(() => useLeaderboard(), { wrapper: wrapperFor(user) });
  await act(() => vi.dynamicImportSettled());
  act(() => {
    FakePusher.instances.at(-1)!.move("connected");
    channel().emit("pusher:subscription_succeeded");
  });
  return rendered;
}

describe("useLeaderboard across a restart of the server", () => {
  let api: ReturnType<typeof fakeBoard>;
  const before: LeaderboardPage = { leaderboard: [row("ana", 1, 90), row("ben", 2, 50)], epoch: "e1", total: 2, version: 40, updatedAt: "t1" };

  beforeEach(() => {
    FakePusher.instances = [];
    api = fakeBoard(before);
    vi.stubGlobal("fetch", api.fetch);
  });
  afterEach(async () => {
    cleanup();
    await new Promise((resolve) => setTimeout(resolve, 5));
    vi.unstubAllGlobals();
  });

  it("takes the restarted server's board (another epoch, a lower version) on reconnect, then applies its events", async () => {
    const { result } = await renderBoard();
    await waitFor(() => expect(result.current.version).toBe(40));

    api.set({ leaderboard: [row("cy", 1, 5)], epoch: "e2", total: 1, version: 1, updatedAt: "t2" });
    act(() => {
      FakePusher.instances.at(-1)!.move("connecting");
      FakePusher.instances.at(-1)!.move("connected");
      channel().emit("pusher:subscription_succeeded");
    });
    await waitFor(() => expect(ids(result.current.leaderboard)).toEqual(["cy"]));
    expect(result.current.version).toBe(1);

    const next: RankingUpdate = { leaderboard: [row("dee", 1, 9), row("cy", 2, 5)], epoch: "e2", version: 2, updatedAt: "t3", changes: [row("dee", 1, 9)], total: 2 };
    act(() => channel().emit("ranking-update", next));
    expect(ids(result.current.leaderboard)).toEqual(["dee", "cy"]);
    expect(result.current.total).toBe(2);
  });

  it("refetches when a ranking-update of another epoch arrives, whatever its version", async () => {
    const { result } = await renderBoard();
    await waitFor(() => expect(result.current.version).toBe(40));
    const gets = api.gets.length;

    api.set({ leaderboard: [row("cy", 1, 5), row("eve", 2, 3)], epoch: "e2", total: 2, version: 2, updatedAt: "t2" });
    act(() => channel().emit("ranking-update", { leaderboard: [row("cy", 1, 5)], epoch: "e2", version: 1, updatedAt: "t2", changes: [], total: 1 }));
    await waitFor(() => expect(ids(result.current.leaderboard)).toEqual(["cy", "eve"]));
    expect(api.gets.length).toBe(gets + 1);
  });

  it("ignores an older event of the epoch it holds", async () => {
    const { result } = await renderBoard();
    await waitFor(() => expect(result.current.version).toBe(40));
    act(() => channel().emit("ranking-update", { ...before, version: 39, changes: [], leaderboard: [row("zed", 1, 1)] }));
    expect(ids(result.current.leaderboard)).toEqual(["ana", "ben"]);
  });
});

describe("useLeaderboard for an athlete below the top rows", () => {
  const athlete: SessionUser = { id: "low", name: "Low", role: "athlete" };
  const page: LeaderboardPage = {
    leaderboard: [row("ana", 1, 90), row("ben", 2, 50)],
    epoch: "e1",
    total: 9,
    version: 3,
    updatedAt: "t1",
    me: row("low", 9, 5),
  };
  beforeEach(() => {
    FakePusher.instances = [];
  });
  afterEach(async () => {
    cleanup();
    await new Promise((resolve) => setTimeout(resolve, 5));
    vi.unstubAllGlobals();
  });

  it("shows their own row from the page's me, with one request and no around lookup", async () => {
    const api = fakeBoard(page);
    vi.stubGlobal("fetch", api.fetch);
    const { result } = await renderBoard(athlete);
    await waitFor(() => expect(result.current.me).toMatchObject({ userId: "low", rank: 9 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.gets).toHaveLength(1);
    expect(api.gets[0]).not.toContain("around=");
  });
});
