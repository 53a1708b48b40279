import { fireEvent, render, screen } from "@testing-library/react";
import { useRef, useState } from "react";
import { describe, expect, it } from "vitest";

import { useDismiss } from "./use-dismiss";

function Popover() {
  const [open, setOpen] = useState(true);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(open, () => setOpen(false), root);
  return (
    <>
      <div ref={root}>
        <button aria-expanded={open} onClick={() => setOpen(true)}>
          Menu
        </button>
        {open && <p>Panel</p>}
      </div>
      <button>Elsewhere</button>
    </>
  );
}

describe("useDismiss", () => {
  it("closes on Escape and gives focus back to the toggle", () => {
    render(<Popover />);
    fireEvent.keyDown(document, { key: "Escape" });
    expect(screen.queryByText("Panel")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Menu" }));
  });

  it("closes on a press outside, not on one inside", () => {
    render(<Popover />);
    fireEvent.pointerDown(screen.getByText("Panel"));
    expect(screen.getByText("Panel")).toBeTruthy();
    fireEvent.pointerDown(screen.getByRole("button", { name: "Elsewhere" }));
    expect(screen.queryByText("Panel")).toBeNull();
  });
});
