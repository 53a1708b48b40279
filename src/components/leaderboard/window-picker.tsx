"use client";

import { useId } from "react";

import type { LeaderboardWindow } from "@/lib/schemas";
import { cn } from "@/lib/utils";

export const WINDOW_LABELS: Record<LeaderboardWindow, string> = { day: "Today", week: "This week", month: "This month", all: "All time" };
const ORDER: LeaderboardWindow[] = ["day", "week", "month", "all"];

/**
 * A segmented control of the boards' time windows: native radio buttons
 * (arrow keys move and pick), drawn as one bar of segments.
 */
export function WindowPicker({ value, onChange, label = "Time window" }: { value: LeaderboardWindow; onChange: (window: LeaderboardWindow) => void; label?: string }) {
  const name = useId();
  return (
    <fieldset className="min-w-0">
      <legend className="sr-only">{label}</legend>
      <div className="grid grid-cols-4 rounded-lg bg-muted p-1 sm:inline-grid">
        {ORDER.map((window) => (
          <label key={window} className="relative">
            <input
              type="radio"
              name={name}
              value={window}
              checked={value === window}
              onChange={() => onChange(window)}
              className="peer absolute inset-0 size-full cursor-pointer opacity-0"
            />
            <span
              className={cn(
                "flex h-8 items-center justify-center rounded-md px-2 text-center text-xs leading-tight font-medium text-muted-foreground sm:whitespace-nowrap touch:min-h-11 sm:px-3 sm:text-sm",
                "peer-checked:bg-card peer-checked:text-foreground peer-checked:shadow-sm peer-focus-visible:outline-2 peer-focus-visible:outline-ring",
              )}
            >
              {WINDOW_LABELS[window]}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
