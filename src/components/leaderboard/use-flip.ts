"use client";

import { useLayoutEffect, useRef } from "react";

/**
 * Rows glide to their new places (FLIP): remember each row's position, and
 * after a re-order start each from where it was. Skipped when the user asks
 * for reduced motion.
 */
export function useFlip<T extends HTMLElement>(order: string) {
  const container = useRef<T>(null);
  const positions = useRef(new Map<string, number>());

  useLayoutEffect(() => {
    const root = container.current;
    if (!root) return;
    const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
    const next = new Map<string, number>();
    for (const row of root.querySelectorAll<HTMLElement>("[data-flip-key]")) {
      const key = row.dataset.flipKey!;
      const top = row.getBoundingClientRect().top;
      next.set(key, top);
      const before = positions.current.get(key);
      if (reduce || before === undefined || before === top) continue;
      row.animate([{ transform: `translateY(${before - top}px)` }, { transform: "translateY(0)" }], {
        duration: 450,
        easing: "cubic-bezier(0.2, 0.8, 0.2, 1)",
      });
    }
    positions.current = next;
  }, [order]);

  return container;
}
