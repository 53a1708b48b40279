import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { ClassSummary } from "@/lib/classes";

import { ClassList, type ClassListProps } from "./class-list";

const item = (id: string, title: string, live: ClassSummary["live"]): ClassSummary => ({
  id,
  title,
  startsAt: new Date(Date.now() - 60_000).toISOString(),
  createdAt: new Date(Date.now() - 60_000).toISOString(),
  createdBy: { id: "c1", name: "Cora" },
  live,
});

const props = (overrides: Partial<ClassListProps> = {}): ClassListProps => ({
  classes: [],
  loading: false,
  error: null,
  liveError: null,
  onRetry: vi.fn(),
  empty: "No classes yet — start one above.",
  ...overrides,
});

describe("ClassList", () => {
  it("says it is loading before the first answer", () => {
    render(<ClassList {...props({ loading: true })} />);
    expect(screen.getByText("Loading classes…")).toBeInTheDocument();
    expect(screen.queryByRole("list")).not.toBeInTheDocument();
  });

  it("says there are none yet, in the words it was given", () => {
    render(<ClassList {...props()} />);
    expect(screen.getByText("No classes yet — start one above.")).toBeInTheDocument();
  });

  it("lists each class as a link to its page, with when and by whom, and who is there", () => {
    const classes = [
      item("sprints-abc123", "Morning sprints", { count: 3, names: ["Ana", "Ben", "Cy"] }),
      item("weights-def456", "Weights & <b>power</b>", { count: 0, names: [] }),
      item("solo-ghi789", "Solo", { count: 1, names: ["Dee"] }),
    ];
    render(<ClassList {...props({ classes })} />);
    const rows = within(screen.getByRole("list", { name: "Classes" })).getAllByRole("listitem");
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByRole("link", { name: "Morning sprints" })).toHaveAttribute("href", "/class/sprints-abc123");
    expect(rows[0]).toHaveTextContent(/Started .* · Cora/);
    expect(rows[0]).toHaveTextContent("3 here: Ana, Ben and Cy");
    // Titles are text, never markup.
    expect(within(rows[1]!).getByRole("link", { name: "Weights & <b>power</b>" })).toBeInTheDocument();
    expect(rows[1]!.querySelector("b")).toBeNull();
    expect(rows[1]).toHaveTextContent("Nobody here yet");
    expect(rows[2]).toHaveTextContent("Dee is here");
  });

  it("when who is live is unknown, lists the classes and says so once", () => {
    render(<ClassList {...props({ classes: [item("a-1", "A", null), item("b-2", "B", null)], liveError: "Could not see who is live right now." })} />);
    expect(screen.getAllByText("Could not see who is live right now.")).toHaveLength(1);
    expect(screen.queryByText(/here/)).not.toBeInTheDocument();
    expect(screen.getAllByRole("link")).toHaveLength(2);
  });

  it("shows a failed load with Retry, keeping what it had", () => {
    const onRetry = vi.fn();
    render(<ClassList {...props({ classes: [item("a-1", "A", null)], error: "The data store is unavailable; try again shortly.", onRetry })} />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("The data store is unavailable");
    fireEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("link", { name: "A" })).toBeInTheDocument();
  });

  it("with a failed first load shows the error, not the empty text", () => {
    render(<ClassList {...props({ error: "Could not load the classes." })} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Could not load the classes.");
    expect(screen.queryByText(/No classes yet/)).not.toBeInTheDocument();
  });
});
