"use client";

import { useIsClient } from "@/hooks/use-is-client";

import { classTimeLabel } from "./class-time";

/** When a class starts, in the viewer's time zone and words (rendered in the browser: the server knows neither). */
export function ClassTimeLabel({ startsAt }: { startsAt: string }) {
  const isClient = useIsClient();
  return <time dateTime={startsAt}>{isClient ? classTimeLabel(startsAt) : "\u00a0"}</time>;
}
