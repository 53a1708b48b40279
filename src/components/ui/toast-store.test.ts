import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { dismissToast, getToasts, MAX_TOASTS, toast, TOAST_MS } from "./toast-store";

describe("toast store", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    for (const shown of getToasts()) dismissToast(shown.id);
    vi.useRealTimers();
  });

  it("shows a toast with its description, and removes it after TOAST_MS", () => {
    toast.success("Saved", { description: "All good" });
    expect(getToasts()).toMatchObject([{ title: "Saved", description: "All good", tone: "success" }]);
    vi.advanceTimersByTime(TOAST_MS - 1);
    expect(getToasts()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(getToasts()).toEqual([]);
  });

  it(`keeps at most ${MAX_TOASTS}: the oldest leaves first`, () => {
    for (let i = 1; i <= MAX_TOASTS + 2; i += 1) toast(`Toast ${i}`);
    expect(getToasts().map((shown) => shown.title)).toEqual(["Toast 3", "Toast 4", "Toast 5"]);
  });

  it("closes one at once when asked", () => {
    const id = toast("Bye");
    dismissToast(id);
    expect(getToasts()).toEqual([]);
  });
});
