"use client";

import { useId } from "react";

import { cn } from "@/lib/utils";

const exactFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" });
const dateFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });

/** "now", "5 min. ago", "2 hr. ago", "yesterday", "3 days ago", then the date. */
export function relativeTime(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const ago = -seconds;
  if (ago < 45) return relativeFormat.format(0, "second");
  if (ago < 3600) return relativeFormat.format(-Math.max(1, Math.round(ago / 60)), "minute");
  if (ago < 86_400) return relativeFormat.format(-Math.round(ago / 3600), "hour");
  if (ago < 7 * 86_400) return relativeFormat.format(-Math.round(ago / 86_400), "day");
  return dateFormat.format(date);
}

/** The exact date and time, as the tooltip and screen readers give it. */
export function exactTime(date: Date): string {
  return exactFormat.format(date);
}

/**
 * A relative time ("5 min. ago") whose exact date and time shows on hover and
 * on keyboard focus (a tooltip the time is described by).
 */
export function RelativeTime({ timestamp, now, align = "start" }: { timestamp: string; now: Date; align?: "start" | "end" }) {
  const id = useId();
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return null;
  return (
    <span className="group/time relative inline-flex">
      <time
        dateTime={timestamp}
        tabIndex={0}
        aria-describedby={id}
        className="rounded-sm hover:underline focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring"
        suppressHydrationWarning
      >
        {relativeTime(date, now)}
      </time>
      <span
        id={id}
        role="tooltip"
        className={cn(
          "pointer-events-none invisible absolute top-full z-20 mt-1 rounded-md border border-border bg-card px-2 py-1 text-xs whitespace-nowrap text-foreground shadow-md",
          "group-hover/time:visible group-focus-within/time:visible",
          align === "end" ? "right-0" : "left-0",
        )}
      >
        {exactTime(date)}
      </span>
    </span>
  );
}
