"use client";

import { useSyncExternalStore } from "react";

function subscribe(onChange: () => void): () => void {
  const viewport = window.visualViewport;
  viewport?.addEventListener("resize", onChange);
  viewport?.addEventListener("scroll", onChange);
  window.addEventListener("resize", onChange);
  return () => {
    viewport?.removeEventListener("resize", onChange);
    viewport?.removeEventListener("scroll", onChange);
    window.removeEventListener("resize", onChange);
  };
}

/** Pixels of the layout viewport hidden under an on-screen keyboard right now. */
export function keyboardInset(): number {
  const viewport = window.visualViewport;
  if (!viewport) return 0;
  return Math.max(0, Math.round(window.innerHeight - viewport.height - viewport.offsetTop));
}

/**
 * How much of the page an on-screen keyboard covers (visualViewport). Where
 * the keyboard shrinks the layout viewport (Chrome on Android with
 * `interactive-widget=resizes-content`) `dvh` already follows and this stays
 * 0; where it only overlays the page (Safari on iOS) the chat subtracts it, so
 * the message box stays above the keyboard either way.
 */
export function useKeyboardInset(): number {
  return useSyncExternalStore(subscribe, keyboardInset, () => 0);
}
