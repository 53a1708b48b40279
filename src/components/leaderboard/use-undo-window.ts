"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/** How long an award can be undone from the form. */
export const UNDO_MS = 10_000;

/**
 * Offers the last award for undoing during UNDO_MS: `offer(award)` starts
 * the window (replacing any earlier one), `close()` ends it. `secondsLeft`
 * counts down for the button's caption.
 */
export function useUndoWindow<T>() {
  const [offered, setOffered] = useState<{ item: T; until: number } | null>(null);
  const [now, setNow] = useState(0);
  const timers = useRef<{ end?: ReturnType<typeof setTimeout>; tick?: ReturnType<typeof setInterval> }>({});

  const clear = useCallback(() => {
    clearTimeout(timers.current.end);
    clearInterval(timers.current.tick);
  }, []);

  const close = useCallback(() => {
    clear();
    setOffered(null);
  }, [clear]);

  const offer = useCallback(
    (item: T) => {
      clear();
      const start = Date.now();
      setNow(start);
      setOffered({ item, until: start + UNDO_MS });
      timers.current.end = setTimeout(() => {
        clearInterval(timers.current.tick);
        setOffered(null);
      }, UNDO_MS);
      timers.current.tick = setInterval(() => setNow(Date.now()), 1_000);
    },
    [clear],
  );

  useEffect(() => clear, [clear]);

  const secondsLeft = offered ? Math.max(0, Math.ceil((offered.until - now) / 1_000)) : 0;
  return { offered: offered?.item ?? null, secondsLeft, offer, close };
}
