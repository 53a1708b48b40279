import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { useKeyboardInset } from "./use-keyboard-inset";

/** A visualViewport as Safari reports it: the keyboard takes `keyboard` px off the bottom. */
function fakeViewport(height: number) {
  const target = new EventTarget() as EventTarget & { height: number; offsetTop: number };
  target.height = height;
  target.offsetTop = 0;
  vi.stubGlobal("visualViewport", target);
  return target;
}

describe("useKeyboardInset", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("is 0 without a keyboard, and the covered height while one is open", () => {
    const viewport = fakeViewport(window.innerHeight);
    const { result } = renderHook(() => useKeyboardInset());
    expect(result.current).toBe(0);
    act(() => {
      viewport.height = window.innerHeight - 300;
      viewport.dispatchEvent(new Event("resize"));
    });
    expect(result.current).toBe(300);
    act(() => {
      viewport.height = window.innerHeight;
      viewport.dispatchEvent(new Event("resize"));
    });
    expect(result.current).toBe(0);
  });
});
