"use client";

import { useEffect, useState } from "react";

/** The current time, updated every `intervalMs` (relative times and "Today" stay right on a page left open). */
export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
