import { fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";

import type { Award, AwardSummary } from "@/lib/schemas";

import { HistoryFilters } from "./history-filters";
import { HistoryTable } from "./history-table";
import { historyQuery, NO_FILTERS, type HistoryFilterValues, type HistoryView } from "./history-view";
import { MyHistoryList } from "./my-history";
import { describeSummary, PointsChart } from "./points-chart";

const award = (id: string, extra: Partial<Award> = {}): Award => ({
  id,
  seq: 1,
  athleteId: "sam",
  athleteName: "Sam Lee",
  points: 10,
  coachId: "c1",
  coachName: "Cora",
  at: "2026-12-03T10:20:00.000Z",
  ...extra,
});

const view = (awards: Award[], extra: Partial<HistoryView> = {}): HistoryView => ({ awards, loading: false, error: null, hasMore: false, loadMore: vi.fn(), ...extra });

const summary = (points: number[]): AwardSummary => ({
  athleteId: "sam",
  days: points.map((p, i) => ({ date: `2026-11-${String(i + 1).padStart(2, "0")}`, points: p, awards: p === 0 ? 0 : 1 })),
  total: points.reduce((a, b) => a + b, 0),
  timeZone: "UTC",
});

describe("HistoryFilters", () => {
  function Harness({ onQuery }: { onQuery: (query: ReturnType<typeof historyQuery>) => void }) {
    const [values, setValues] = useState<HistoryFilterValues>(NO_FILTERS);
    return (
      <HistoryFilters
        values={values}
        onChange={(next) => {
          setValues(next);
          onQuery(historyQuery(next));
        }}
        athletes={[{ id: "sam", name: "Sam Lee" }, { id: "ana", name: "Ana" }]}
        coaches={[{ id: "c1", name: "Cora" }]}
        csvHref="/api/awards.csv?athlete=sam"
      />
    );
  }

  it("filters by athlete, coach and an inclusive date range, and clears them all", () => {
    const onQuery = vi.fn();
    render(<Harness onQuery={onQuery} />);
    fireEvent.change(screen.getByLabelText("Athlete"), { target: { value: "sam" } });
    expect(onQuery).toHaveBeenLastCalledWith({ athlete: "sam" });
    fireEvent.change(screen.getByLabelText("Coach"), { target: { value: "c1" } });
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-12-01" } });
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "2026-12-03" } });
    const query = onQuery.mock.lastCall![0] as ReturnType<typeof historyQuery>;
    expect(query).toMatchObject({ athlete: "sam", coach: "c1" });
    expect(new Date(query.from!).getTime()).toBe(new Date(2026, 11, 1).getTime());
    // "To" includes the whole of that day.
    expect(new Date(query.to!).getTime()).toBe(new Date(2026, 11, 4).getTime() - 1);

    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(onQuery).toHaveBeenLastCalledWith({});
    expect(screen.getByLabelText("Athlete")).toHaveValue("");
  });

  it("offers the CSV of what is selected, and says when the range is backwards", () => {
    render(<Harness onQuery={vi.fn()} />);
    expect(screen.getByRole("link", { name: "Download CSV" })).toHaveAttribute("href", "/api/awards.csv?athlete=sam");
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-12-05" } });
    fireEvent.change(screen.getByLabelText("To"), { target: { value: "2026-12-01" } });
    expect(screen.getByRole("alert")).toHaveTextContent("“From” is after “To”");
  });
});

describe("HistoryTable", () => {
  it("lists every award with its headers, an undone award struck through and its undo named", () => {
    const awards = [
      award("u1", { points: -25, undoOf: "a1", at: "2026-12-03T10:21:00.000Z" }),
      award("a1", { points: 25, reason: "PR deadlift", undoneBy: "u1" }),
    ];
    render(<HistoryTable history={view(awards)} />);
    const table = screen.getByRole("table", { name: "Award history" });
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["When", "Athlete", "Points", "Reason", "Coach", "Status"]);
    const [undo, original] = within(table).getAllByRole("row").slice(1);
    expect(within(original!).getByText("PR deadlift")).toBeInTheDocument();
    expect(within(original!).getByText("Undone")).toBeInTheDocument();
    expect(within(original!).getAllByRole("cell")[1]).toHaveClass("line-through");
    expect(within(undo!).getByText("Undo of +25")).toBeInTheDocument();
  });

  it("has loading, empty, error and load-more states", () => {
    const { rerender } = render(<HistoryTable history={view([], { loading: true })} />);
    expect(screen.getByText("Loading the award history…")).toBeInTheDocument();
    rerender(<HistoryTable history={view([])} />);
    expect(screen.getByText("No awards match")).toBeInTheDocument();
    rerender(<HistoryTable history={view([], { error: "The store is unavailable." })} />);
    expect(screen.getByRole("alert")).toHaveTextContent("The store is unavailable.");
    const loadMore = vi.fn();
    rerender(<HistoryTable history={view([award("a1")], { hasMore: true, loadMore })} />);
    fireEvent.click(screen.getByRole("button", { name: "Show older awards" }));
    expect(loadMore).toHaveBeenCalled();
  });
});

describe("PointsChart", () => {
  it("names the chart in words and offers the figures as a table", () => {
    render(<PointsChart summary={summary([0, 10, 0, 25, -5])} />);
    const chart = screen.getByRole("img");
    expect(chart).toHaveAttribute("aria-label", "Points over the last 5 days: +30 in total, on 3 days; best day Nov 4 with 25.");
    const table = screen.getByRole("table", { name: "Points per day" });
    expect(within(table).getAllByRole("row").slice(1).map((row) => row.textContent)).toEqual(["Nov 2101", "Nov 4251", "Nov 5-51"]);
    expect(chart.querySelectorAll("rect")).toHaveLength(3);
  });

  it("says when there is nothing yet", () => {
    expect(describeSummary(summary([0, 0, 0]))).toBe("Points over the last 3 days: none yet.");
  });
});

describe("MyHistoryList", () => {
  it("shows an athlete's awards with reasons, undone ones struck through, and the chart", () => {
    const awards = [award("u1", { points: -10, undoOf: "a1" }), award("a1", { reason: "Sprint PB", undoneBy: "u1" }), award("a0", { points: 5 })];
    render(<MyHistoryList history={view(awards, { summary: summary([5, 0]) })} />);
    const list = screen.getByRole("list", { name: "Your awards" });
    const items = within(list).getAllByRole("listitem");
    expect(items[1]).toHaveTextContent("Sprint PB");
    expect(items[1]).toHaveTextContent("(undone)");
    expect(within(items[1]!).getByText("Sprint PB")).toHaveClass("line-through");
    expect(items[0]).toHaveTextContent("Undo of an earlier award");
    expect(items[2]).toHaveTextContent("No reason given");
    expect(screen.getByRole("img", { name: /Points over the last 2 days/ })).toBeInTheDocument();
  });

  it("has an empty state", () => {
    render(<MyHistoryList history={view([])} />);
    expect(screen.getByText("No awards yet")).toBeInTheDocument();
  });
});
