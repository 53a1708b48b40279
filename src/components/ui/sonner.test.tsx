import { act, render, screen, within } from "@testing-library/react";
import { ThemeProvider } from "next-themes";
import { toast } from "sonner";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { MAX_TOASTS, Toaster, TOAST_MS } from "./sonner";

/** jsdom has no matchMedia: a phone-sized screen unless `wide`. */
function stubScreen(wide: boolean) {
  vi.stubGlobal("matchMedia", (query: string) => ({
    matches: wide && query.includes("min-width"),
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
  }));
}

function renderToaster(theme: "light" | "dark" = "light") {
  return render(
    <ThemeProvider attribute="class" defaultTheme={theme} enableSystem={false}>
      <Toaster />
    </ThemeProvider>,
  );
}

/** Calls sonner's `toast` and lets the toaster take it (sonner hands toasts over on a timer). */
function show(call: () => unknown) {
  act(() => {
    call();
    vi.advanceTimersByTime(0);
  });
}

const region = () => screen.getByRole("region", { name: /Notifications/ });
const toasts = () => [...document.querySelectorAll<HTMLElement>("[data-sonner-toast]")];

describe("Toaster (sonner)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    stubScreen(false);
  });
  afterEach(() => {
    act(() => {
      toast.dismiss();
      vi.runOnlyPendingTimers();
    });
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("shows a toast with its description in a polite live region, and removes it after TOAST_MS", () => {
    renderToaster();
    show(() => toast.success("Saved", { description: "All good" }));
    expect(region()).toHaveAttribute("aria-live", "polite");
    const shown = within(region()).getByText("Saved").closest("[data-sonner-toast]");
    expect(shown).toHaveAttribute("data-type", "success");
    expect(within(region()).getByText("All good")).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(TOAST_MS - 100));
    expect(within(region()).queryByText("Saved")).toBeInTheDocument();
    // sonner lets the toast animate out (≈ 200 ms) after its time is up.
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.queryByText("Saved")).not.toBeInTheDocument();
  });

  it(`shows at most ${MAX_TOASTS} at once: the newest, older ones hidden`, () => {
    renderToaster();
    show(() => {
      for (let i = 1; i <= MAX_TOASTS + 2; i += 1) toast(`Toast ${i}`);
    });
    const visible = toasts().filter((el) => el.dataset.visible === "true").map((el) => el.textContent);
    expect(visible).toHaveLength(MAX_TOASTS);
    expect(visible.join(" ")).toMatch(/Toast 5.*Toast 4.*Toast 3/);
  });

  it("closes one at once with its close button", () => {
    renderToaster();
    show(() => toast("Bye"));
    act(() => screen.getByRole("button", { name: "Close notification" }).click());
    act(() => vi.advanceTimersByTime(500));
    expect(screen.queryByText("Bye")).not.toBeInTheDocument();
  });

  it("sits at the top of a phone screen, inside the safe area, and bottom right on wider screens", () => {
    const { unmount } = renderToaster();
    show(() => toast("Where"));
    let list = document.querySelector<HTMLElement>("[data-sonner-toaster]")!;
    expect(list.dataset.yPosition).toBe("top");
    expect(list.style.getPropertyValue("--mobile-offset-top")).toContain("safe-area-inset-top");
    unmount();

    stubScreen(true);
    renderToaster();
    show(() => toast("Where"));
    list = document.querySelector<HTMLElement>("[data-sonner-toaster]")!;
    expect([list.dataset.yPosition, list.dataset.xPosition]).toEqual(["bottom", "right"]);
  });

  it("follows the resolved theme: light or dark", () => {
    const { unmount } = renderToaster("dark");
    show(() => toast("Night"));
    expect(document.querySelector("[data-sonner-toaster]")).toHaveAttribute("data-sonner-theme", "dark");
    unmount();
    renderToaster("light");
    show(() => toast("Day"));
    expect(document.querySelector("[data-sonner-toaster]")).toHaveAttribute("data-sonner-theme", "light");
  });
});
