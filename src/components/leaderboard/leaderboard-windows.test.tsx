import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { useLeaderboard } from "@/hooks/use-pusher";
import type { Entry } from "@/lib/schemas";
import { SessionProvider } from "@/providers/session-provider";

import { LeaderboardPanel } from "./leaderboard-panel";

type Board = ReturnType<typeof useLeaderboard>;

const entry = (userId: string, name: string, score: number, rank: number, extra: Partial<Entry> = {}): Entry => ({
  userId,
  name,
  score,
  rank,
  previousRank: rank,
  change: 0,
  ...extra,
});

const calls: unknown[] = [];
const boards: Record<string, Entry[]> = {
  all: [entry("ana", "Ana", 500, 1), entry("ben", "Ben", 300, 2)],
  day: [entry("ben", "Ben", 40, 1)],
  week: [],
  movement: [entry("ana", "Ana", 500, 1, { movement: -1 }), entry("ben", "Ben", 300, 2, { movement: 2 })],
};

function fakeBoard(rows: Entry[]): Board {
  return { leaderboard: rows, me: null, total: rows.length, version: 1, updatedAt: "t", loading: false, error: null, updateScore: vi.fn(), undoAward: vi.fn() } as unknown as Board;
}

vi.mock("@/hooks/use-pusher", () => ({
  useLeaderboard: (options: { window?: string; movement?: string } = {}) => {
    calls.push(options);
    return fakeBoard(options.movement ? boards.movement! : boards[options.window ?? "all"]!);
  },
}));

function renderPanel() {
  return render(
    <SessionProvider user={{ id: "zed", name: "Zed", role: "athlete" }}>
      <LeaderboardPanel board={fakeBoard(boards.all!)} online={[]} />
    </SessionProvider>,
  );
}

const names = () => within(screen.getByRole("table", { name: "Rankings" })).getAllByRole("rowheader").map(spokenText);

/** The text a screen reader reads (the aria-hidden initials left out). */
function spokenText(element: HTMLElement): string {
  const copy = element.cloneNode(true) as HTMLElement;
  copy.querySelectorAll("[aria-hidden]").forEach((hidden) => hidden.remove());
  return copy.textContent ?? "";
}

describe("LeaderboardPanel windows and movement", () => {
  it("shows the board of the window picked (a radio group), each from its own live hook", () => {
    renderPanel();
    const group = screen.getByRole("group", { name: "Time window" });
    expect(within(group).getAllByRole("radio").map((radio) => radio.getAttribute("value"))).toEqual(["day", "week", "month", "all"]);
    expect(within(group).getByRole("radio", { name: "All time" })).toBeChecked();
    expect(names()).toEqual(["Ana", "Ben"]);

    fireEvent.click(within(group).getByRole("radio", { name: "Today" }));
    expect(calls.at(-1)).toEqual({ window: "day", movement: undefined });
    expect(names()).toEqual(["Ben"]);
    expect(screen.getByRole("heading", { level: 2 })).toHaveTextContent("Leaderboard , Today");
    // Movement over a period belongs to the all-time board.
    expect(screen.queryByLabelText("Movement")).toBeNull();

    fireEvent.click(within(group).getByRole("radio", { name: "This week" }));
    expect(screen.getByText("No points this week yet: awards given this week count here.")).toBeInTheDocument();
  });

  it("adds movement over the period picked beside the last change", () => {
    renderPanel();
    fireEvent.change(screen.getByLabelText("Movement"), { target: { value: "week" } });
    expect(calls.at(-1)).toEqual({ window: "all", movement: "week" });
    const ben = screen.getByRole("row", { name: /Ben/ });
    expect(within(ben).getByRole("img", { name: "no change" })).toBeInTheDocument();
    expect(within(ben).getByRole("img", { name: "This week: up 2" })).toBeInTheDocument();
    expect(within(screen.getByRole("row", { name: /Ana/ })).getByRole("img", { name: "This week: down 1" })).toBeInTheDocument();
  });
});
