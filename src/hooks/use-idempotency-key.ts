"use client";

import { useCallback, useRef } from "react";

/**
 * One `Idempotency-Key` per intended action. `keyFor(fingerprint)` gives the
 * same key for the same inputs until `settle()` (after a success), so every
 * retry of an award that may or may not have landed (a timeout, a 503) is the
 * same award to the server; new inputs get a new key.
 */
export function useIdempotencyKey() {
  const current = useRef<{ fingerprint: string; key: string } | null>(null);
  const keyFor = useCallback((fingerprint: string): string => {
    if (current.current?.fingerprint !== fingerprint) current.current = { fingerprint, key: crypto.randomUUID() };
    return current.current.key;
  }, []);
  const settle = useCallback(() => {
    current.current = null;
  }, []);
  return { keyFor, settle };
}
