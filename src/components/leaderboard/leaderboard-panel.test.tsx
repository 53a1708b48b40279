import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { useLeaderboard } from "@/hooks/use-pusher";
import { openDeepLink } from "@/lib/deep-links";
import type { Entry } from "@/lib/schemas";
import { SessionProvider } from "@/providers/session-provider";

import { LeaderboardPanel } from "./leaderboard-panel";
import { HIGHLIGHT_MS } from "./use-row-jump";

type Board = ReturnType<typeof useLeaderboard>;

const entry = (userId: string, name: string, score: number, rank: number, change: number | null = 0): Entry => ({
  userId,
  name,
  score,
  rank,
  previousRank: change === null ? null : rank + change,
  change,
});

const rows = [
  entry("eve", "Eve Adams", 1500, 1, 4),
  entry("ben", "Ben Okafor", 900, 2, -1),
  entry("cy", "Cy Park", 900, 2),
  entry("dee", "Dee Ruiz", 400, 4, null),
  entry("jo", "José Álvarez", 100, 5),
];

function board(overrides: Partial<Board> = {}): Board {
  return {
    leaderboard: rows,
    me: null,
    total: rows.length,
    version: 3,
    updatedAt: "t",
    loading: false,
    error: null,
    updateScore: vi.fn(),
    ...overrides,
  } as Board;
}

function renderPanel(b: Board, user = { id: "cy", name: "Cy Park", role: "athlete" as const }) {
  return render(
    <SessionProvider user={user}>
      <LeaderboardPanel board={b} online={[]} />
    </SessionProvider>,
  );
}

describe("LeaderboardPanel", () => {
  beforeEach(() => {
    Element.prototype.scrollIntoView = vi.fn();
  });
  afterEach(() => {
    vi.useRealTimers();
    window.history.replaceState(null, "", "/");
  });

  it("is a table whose column headers name every cell, with points and their unit", () => {
    renderPanel(board());
    const table = screen.getByRole("table", { name: "Rankings" });
    const headers = within(table).getAllByRole("columnheader");
    expect(headers).toHaveLength(4);
    ["Rank", "Athlete", "Points", "Movement"].forEach((name, i) => expect(headers[i]).toHaveAccessibleName(name));
    const eve = within(table).getByRole("row", { name: /Eve Adams/ });
    // The athlete is the row header: a screen reader reads each cell with the name and the column.
    expect(within(eve).getByRole("rowheader")).toHaveTextContent("Eve Adams");
    const cells = within(eve).getAllByRole("cell");
    expect(cells.map((cell) => cell.textContent)).toEqual(["1", "1,500pts points", "4"]);
    expect(within(cells[2]!).getByRole("img", { name: "up 4" })).toBeInTheDocument();
    expect(within(table).getAllByRole("row", { name: /T-2/ })).toHaveLength(2);
    expect(within(table).getByRole("row", { name: /Dee Ruiz/ })).toContainElement(within(table).getByRole("img", { name: "new" }));
  });

  it("puts the top three on a podium, first first in reading order", () => {
    renderPanel(board());
    const podium = screen.getByRole("list", { name: "Podium" });
    expect(within(podium).getAllByRole("listitem").map((item) => item.getAttribute("aria-label"))).toEqual([
      "First: Eve Adams, rank 1, 1,500 points",
      "Second: Ben Okafor, rank 2, 900 points",
      "Third: Cy Park (you), rank 2, 900 points",
    ]);
  });

  it("filters the rows by name (accents ignored), with an empty state that clears the search", () => {
    renderPanel(board());
    const search = screen.getByRole("searchbox", { name: "Search athletes" });
    fireEvent.change(search, { target: { value: "jose" } });
    const table = screen.getByRole("table", { name: "Rankings" });
    expect(within(table).getAllByRole("row")).toHaveLength(2);
    expect(within(table).getByRole("rowheader")).toHaveTextContent("José Álvarez");
    // Ranks are those of the whole board, not of the filtered rows.
    expect(within(table).getAllByRole("cell")[0]).toHaveTextContent("5");
    expect(screen.queryByRole("list", { name: "Podium" })).toBeNull();
    expect(screen.getByText("1 of 5 athletes shown")).toBeInTheDocument();

    fireEvent.change(search, { target: { value: "zed" } });
    expect(screen.queryByRole("table", { name: "Rankings" })).toBeNull();
    expect(screen.getByText("No athlete matches “zed”")).toBeVisible();
    fireEvent.click(screen.getByRole("button", { name: "Clear search" }));
    expect(search).toHaveValue("");
    expect(within(screen.getByRole("table", { name: "Rankings" })).getAllByRole("row")).toHaveLength(6);
  });

  it("jumps to your own row: clears the search, scrolls, focuses and highlights it briefly", () => {
    vi.useFakeTimers();
    renderPanel(board({ me: rows[2]! }));
    fireEvent.change(screen.getByRole("searchbox", { name: "Search athletes" }), { target: { value: "eve" } });
    fireEvent.click(screen.getByRole("button", { name: "Jump to me" }));
    const mine = screen.getByRole("row", { name: /Cy Park/ });
    expect(mine).toHaveAttribute("aria-current", "true");
    expect(mine.scrollIntoView).toHaveBeenCalledWith({ block: "center", behavior: "smooth" });
    expect(mine).toHaveFocus();
    expect(mine).toHaveAttribute("data-highlighted", "true");
    act(() => vi.advanceTimersByTime(HIGHLIGHT_MS));
    expect(mine).not.toHaveAttribute("data-highlighted");
  });

  it("has no Jump to me for a coach, and a disabled one for an athlete not on the board", () => {
    const { unmount } = renderPanel(board(), { id: "c1", name: "Cora", role: "coach" as never });
    expect(screen.queryByRole("button", { name: "Jump to me" })).toBeNull();
    unmount();
    renderPanel(board(), { id: "zz", name: "New", role: "athlete" });
    expect(screen.getByRole("button", { name: "Jump to me" })).toBeDisabled();
  });

  it("opens a deep link to an athlete's row, on load and in-page, without motion when reduced motion is asked", () => {
    window.matchMedia = vi.fn().mockReturnValue({ matches: true }) as never;
    window.history.replaceState(null, "", "/?tab=leaderboard&athlete=dee");
    renderPanel(board());
    const dee = screen.getByRole("row", { name: /Dee Ruiz/ });
    expect(dee).toHaveAttribute("data-highlighted", "true");
    expect(dee.scrollIntoView).toHaveBeenCalledWith({ block: "center", behavior: "auto" });

    act(() => openDeepLink({ tab: "leaderboard", athlete: "ben" }));
    expect(screen.getByRole("row", { name: /Ben Okafor/ })).toHaveAttribute("data-highlighted", "true");
    expect(dee).not.toHaveAttribute("data-highlighted");
  });

  it("loads the rows around an athlete below the top rows and jumps there; says so when they are not on the board", async () => {
    const near = [entry("p60", "Pat Sixty", 20, 60), entry("zz", "Zoe Far", 19, 61), entry("p62", "Pam", 18, 62)];
    const fetch = vi.fn(async (url: string) =>
      url.includes("around=zz")
        ? Response.json({ leaderboard: near, epoch: "e1", total: 80, version: 3, updatedAt: "t" })
        : Response.json({ error: { code: "not_found", message: "No athlete" } }, { status: 404 }),
    );
    vi.stubGlobal("fetch", fetch);
    window.history.replaceState(null, "", "/?tab=leaderboard&athlete=zz");
    renderPanel(board());
    const further = await screen.findByRole("table", { name: "Further down" });
    expect(fetch.mock.calls[0]![0]).toBe("/api/leaderboard?around=zz&limit=7&window=all");
    const zoe = within(further).getByRole("row", { name: /Zoe Far/ });
    await vi.waitFor(() => expect(zoe).toHaveAttribute("data-highlighted", "true"));
    expect(within(further).getAllByRole("cell")[0]).toHaveTextContent("60");

    act(() => openDeepLink({ tab: "leaderboard", athlete: "gone" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That athlete is not on this board yet.");
    vi.unstubAllGlobals();
  });

  it("shows loading, empty and error states", () => {
    const { rerender } = renderPanel(board({ loading: true, leaderboard: [] }));
    expect(screen.getByText("Loading the leaderboard…")).toBeInTheDocument();
    rerender(
      <SessionProvider user={{ id: "cy", name: "Cy", role: "athlete" }}>
        <LeaderboardPanel board={board({ leaderboard: [], total: 0, error: "The server did not answer." })} online={[]} />
      </SessionProvider>,
    );
    expect(screen.getByText("No scores yet")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("The server did not answer.");
  });
});
