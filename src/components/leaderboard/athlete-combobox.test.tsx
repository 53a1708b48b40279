import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";

import { AthleteCombobox, type AthleteOption } from "./athlete-combobox";

const athletes: AthleteOption[] = [
  { userId: "ana", name: "Ana Lopez", ranked: true },
  { userId: "ben", name: "Ben Okafor", ranked: true },
  { userId: "jose", name: "José Álvarez", ranked: false },
  { userId: "sam", name: "Sam Lee", ranked: true },
];

function Picker({ onPick }: { onPick?: (athlete: AthleteOption | null) => void }) {
  const [selected, setSelected] = useState<AthleteOption | null>(null);
  return (
    <>
      <AthleteCombobox
        athletes={athletes}
        selected={selected}
        inputId="athlete"
        onSelect={(next) => {
          setSelected(next);
          onPick?.(next);
        }}
      />
      <output data-testid="picked">{selected?.userId ?? "none"}</output>
      <button type="button" onClick={() => setSelected(null)}>
        Reset
      </button>
    </>
  );
}

describe("AthleteCombobox", () => {
  it("is a labelled WAI-ARIA combobox that filters as you type and picks with the keyboard only", async () => {
    const user = userEvent.setup();
    render(<Picker />);
    const input = screen.getByRole("combobox", { name: "Athlete" });
    expect(input).toHaveAttribute("aria-expanded", "false");

    await user.tab();
    expect(input).toHaveFocus();
    await user.keyboard("jo");
    expect(input).toHaveAttribute("aria-expanded", "true");
    const listbox = screen.getByRole("listbox", { name: "Athletes" });
    expect(input).toHaveAttribute("aria-controls", listbox.id);
    // Accents do not matter; "new" marks an athlete not on the board yet.
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual(["José Álvarez new"]);

    await user.keyboard("{ArrowDown}");
    const option = screen.getByRole("option", { name: /José/ });
    expect(input).toHaveAttribute("aria-activedescendant", option.id);
    expect(option).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Enter}");
    expect(screen.getByTestId("picked")).toHaveTextContent("jose");
    expect(input).toHaveValue("José Álvarez");
    expect(input).toHaveAttribute("aria-expanded", "false");
  });

  it("moves through every athlete with Down and Up after Alt+Down, and Escape closes without picking", async () => {
    const user = userEvent.setup();
    render(<Picker />);
    const input = screen.getByRole("combobox", { name: "Athlete" });
    input.focus();
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    expect(screen.getAllByRole("option")).toHaveLength(4);
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowUp}");
    expect(input).toHaveAttribute("aria-activedescendant", screen.getByRole("option", { name: /Ana Lopez/ }).id);
    await user.keyboard("{Escape}");
    expect(input).toHaveAttribute("aria-expanded", "false");
    expect(screen.getByTestId("picked")).toHaveTextContent("none");
  });

  it("says when nothing matches, and clears the field when the pick is reset from outside", async () => {
    const user = userEvent.setup();
    render(<Picker />);
    const input = screen.getByRole("combobox", { name: "Athlete" });
    await user.click(input);
    await user.keyboard("zz");
    expect(screen.getByText("No athlete matches “zz”")).toBeVisible();
    await user.clear(input);
    await user.keyboard("sam{ArrowDown}{Enter}");
    expect(screen.getByTestId("picked")).toHaveTextContent("sam");
    fireEvent.click(screen.getByRole("button", { name: "Reset" }));
    expect(input).toHaveValue("");

    // Picked with the mouse this time, then reset again.
    await user.type(input, "Ben");
    await user.click(screen.getByRole("option", { name: "Ben Okafor" }));
    expect(screen.getByTestId("picked")).toHaveTextContent("ben");
    fireEvent.click(screen.getByRole("button", { name: "Reset" }));
    expect(input).toHaveValue("");
  });
});
