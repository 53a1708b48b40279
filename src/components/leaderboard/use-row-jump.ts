"use client";

import { useCallback, useEffect, useRef, useState, type RefObject } from "react";

import { rowSelector } from "./leaderboard-row";

/** How long a row a jump landed on stays highlighted. */
export const HIGHLIGHT_MS = 2_500;

/**
 * Jumps to an athlete's row inside `container`: scrolls it into view
 * (smoothly unless the user asks for reduced motion), moves focus to it and
 * highlights it for HIGHLIGHT_MS. A row not rendered yet (still loading, or
 * fetched around the athlete on demand) is jumped to as soon as it appears:
 * pass anything that changes when rows do as `rowsKey`.
 */
export function useRowJump(container: RefObject<HTMLElement | null>, rowsKey: unknown) {
  const [target, setTarget] = useState<string | null>(null);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const jump = useCallback((userId: string) => setTarget(userId), []);
  /** Gives up on a row that will not appear (not on the board). */
  const cancel = useCallback(() => setTarget(null), []);

  useEffect(() => {
    if (target === null) return;
    const row = container.current?.querySelector<HTMLElement>(rowSelector(target));
    if (!row) return;
    const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
    row.scrollIntoView?.({ block: "center", behavior: reduce ? "auto" : "smooth" });
    row.tabIndex = -1;
    row.focus({ preventScroll: true });
    // The target is found: a later rows change must not pull the view back to it.
    // eslint-disable-next-line react-hooks/set-state-in-effect -- one-shot hand-over from "wanted" to "shown"
    setTarget(null);
    setHighlighted(target);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS);
  }, [target, rowsKey, container]);

  useEffect(() => () => clearTimeout(timer.current), []);

  return { jump, cancel, highlighted, pending: target };
}
