import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { Entry } from "@/lib/schemas";

import { ANNOUNCE_EVERY_MS, describeMoves, RankAnnouncer } from "./rank-announcer";

const row = (userId: string, rank: number, change: number | null = 0): Entry => ({ userId, name: userId, score: 100 - rank, rank, previousRank: null, change });

describe("describeMoves", () => {
  it("says who moved in words, and sums up beyond three", () => {
    const before = new Map([["Ana", 1], ["Ben", 2], ["Cy", 3], ["Dee", 4], ["Eve", 5]]);
    expect(describeMoves(before, [row("Ben", 1, 1), row("Ana", 2, -1), row("Cy", 3)])).toBe("Ben now rank 1, up 1. Ana now rank 2, down 1.");
    const shuffled = [row("Eve", 1, 4), row("Dee", 2, 2), row("Cy", 3), row("Ben", 4, -2), row("Ana", 5, -4)];
    expect(describeMoves(before, shuffled)).toBe("Eve now rank 1, up 4. Dee now rank 2, up 2. Ben now rank 4, down 2. 1 more moved.");
  });
});

describe("RankAnnouncer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("announces nothing for the first rows, then one summary per burst of changes", () => {
    const { rerender } = render(<RankAnnouncer rows={[row("Ana", 1), row("Ben", 2)]} />);
    const region = document.querySelector('[data-slot="rank-announcer"]')!;
    expect(region).toHaveAttribute("aria-live", "polite");
    act(() => vi.advanceTimersByTime(ANNOUNCE_EVERY_MS));
    expect(region).toHaveTextContent("");

    rerender(<RankAnnouncer rows={[row("Ben", 1, 1), row("Ana", 2, -1)]} />);
    act(() => vi.advanceTimersByTime(0));
    expect(region).toHaveTextContent("Ben now rank 1, up 1. Ana now rank 2, down 1.");

    // Two more updates within the quiet period: read out once, together, when it ends.
    rerender(<RankAnnouncer rows={[row("Ana", 1, 1), row("Ben", 2, -1)]} />);
    rerender(<RankAnnouncer rows={[row("Ana", 1, 1), row("Ben", 2, -1), row("Cy", 3, null)]} />);
    act(() => vi.advanceTimersByTime(ANNOUNCE_EVERY_MS - 10));
    expect(region).toHaveTextContent("Ben now rank 1");
    act(() => vi.advanceTimersByTime(10));
    expect(screen.getByText("Ana now rank 1, up 1. Ben now rank 2, down 1. Cy now rank 3, new.")).toBe(region);
  });
});
