"use client";

import { useEffect, type RefObject } from "react";

/**
 * Closes a popover (menu, panel) while it is open: on Escape, which also
 * returns focus to its toggle (the `[aria-expanded]` button inside `root`),
 * and on a pointer press outside `root`.
 */
export function useDismiss(open: boolean, close: () => void, root: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      close();
      root.current?.querySelector<HTMLButtonElement>("[aria-expanded]")?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) close();
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open, close, root]);
}
