import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { AwardPointsForm } from "./award-points-form";
import { UNDO_MS } from "./use-undo-window";

const athletes = [
  { userId: "sam", name: "Sam Lee", ranked: true },
  { userId: "ana", name: "Ana Lopez", ranked: false },
];

function setup() {
  let n = 0;
  const updateScore = vi.fn(async () => ({ awards: [{ id: `aw${++n}` }] }));
  const undoAward = vi.fn(async () => undefined);
  render(<AwardPointsForm athletes={athletes} updateScore={updateScore as never} undoAward={undoAward} />);
  return { updateScore, undoAward };
}

function pick(typed: string) {
  const input = screen.getByRole("combobox", { name: "Athlete" });
  fireEvent.change(input, { target: { value: typed } });
  fireEvent.keyDown(input, { key: "ArrowDown" });
  fireEvent.keyDown(input, { key: "Enter" });
}

const settle = () => act(() => vi.advanceTimersByTimeAsync(0));

describe("AwardPointsForm: quick amounts, reset, undo", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("quick amounts set the points (pressed state shown), and a custom number replaces them", async () => {
    const { updateScore } = setup();
    pick("sam");
    const plus25 = screen.getByRole("button", { name: "+25 points" });
    expect(plus25).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByRole("button", { name: "+10 points" })).toHaveAttribute("aria-pressed", "true");
    fireEvent.click(plus25);
    expect(plus25).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByLabelText("Points")).toHaveValue(25);
    fireEvent.change(screen.getByLabelText("Points"), { target: { value: "7" } });
    expect(plus25).toHaveAttribute("aria-pressed", "false");
    fireEvent.click(screen.getByRole("button", { name: "Award" }));
    await settle();
    expect(updateScore).toHaveBeenCalledWith("sam", 7, expect.objectContaining({ idempotencyKey: expect.any(String) }));
  });

  it("sends the reason (and the name of an athlete new to the board), then resets and focuses the athlete field", async () => {
    const { updateScore } = setup();
    pick("ana");
    fireEvent.click(screen.getByRole("button", { name: "+5 points" }));
    fireEvent.change(screen.getByLabelText(/^Reason/), { target: { value: "  PR deadlift " } });
    fireEvent.click(screen.getByRole("button", { name: "Award" }));
    await settle();
    expect(updateScore).toHaveBeenCalledWith("ana", 5, expect.objectContaining({ name: "Ana Lopez", reason: "PR deadlift" }));
    const input = screen.getByRole("combobox", { name: "Athlete" });
    expect(input).toHaveValue("");
    expect(input).toHaveFocus();
    expect(screen.getByLabelText("Points")).toHaveValue(10);
    expect(screen.getByLabelText(/^Reason/)).toHaveValue("");
    expect(screen.getByText("+5 for Ana Lopez (PR deadlift).")).toBeInTheDocument();
  });

  it("refuses to send without an athlete or with zero points, saying which field is wrong", async () => {
    const { updateScore } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Award" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Pick an athlete.");
    expect(screen.getByRole("combobox", { name: "Athlete" })).toHaveAttribute("aria-invalid", "true");
    pick("sam");
    fireEvent.change(screen.getByLabelText("Points"), { target: { value: "0" } });
    fireEvent.click(screen.getByRole("button", { name: "Award" }));
    expect(screen.getByRole("alert")).toHaveTextContent(/not zero/);
    expect(screen.getByLabelText("Points")).toHaveAttribute("aria-invalid", "true");
    expect(updateScore).not.toHaveBeenCalled();
  });

  it("offers Undo for exactly 10 seconds after an award, and undoes that award", async () => {
    const { undoAward } = setup();
    pick("sam");
    fireEvent.click(screen.getByRole("button", { name: "Award" }));
    await settle();
    expect(screen.getByRole("button", { name: "Undo" })).toHaveTextContent("10 s");
    await act(() => vi.advanceTimersByTimeAsync(UNDO_MS - 1));
    expect(screen.getByRole("button", { name: "Undo" })).toHaveTextContent("1 s");
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(screen.queryByRole("button", { name: "Undo" })).toBeNull();

    // A second award: Undo undoes that one.
    pick("sam");
    fireEvent.click(screen.getByRole("button", { name: "Award" }));
    await settle();
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    fireEvent.click(screen.getByRole("button", { name: "Undo" }));
    await settle();
    expect(undoAward).toHaveBeenCalledExactlyOnceWith("aw2");
    expect(screen.queryByRole("button", { name: "Undo" })).toBeNull();
    expect(screen.getByText("Undone: +10 for Sam Lee.")).toBeInTheDocument();
  });
});
