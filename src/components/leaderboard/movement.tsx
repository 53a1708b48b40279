import { ArrowDown, ArrowUp, Minus, Sparkles } from "lucide-react";

import type { Entry } from "@/lib/schemas";
import { cn } from "@/lib/utils";

/**
 * Up/down/no change/new, with an accessible name in words such as "up 4"
 * (or "this week: up 4" with a `prefix`, shown as a small caption).
 */
export function Movement({ entry, prefix }: { entry: Pick<Entry, "change">; prefix?: string }) {
  const words = changeWords(entry.change);
  const label = prefix ? `${prefix}: ${words}` : words;
  const { change } = entry;
  const [Icon, tone] =
    change === null
      ? [Sparkles, "text-primary"]
      : change > 0
        ? [ArrowUp, "text-success"]
        : change < 0
          ? [ArrowDown, "text-destructive"]
          : [Minus, "text-muted-foreground"];
  return (
    <span role="img" aria-label={label} title={label} className={cn("inline-flex shrink-0 items-center gap-0.5 text-xs font-medium", tone)}>
      {prefix && <span className="mr-0.5 font-normal text-muted-foreground">{prefix}</span>}
      <Icon aria-hidden className="size-3.5" />
      {change !== null && change !== 0 ? Math.abs(change) : null}
    </span>
  );
}

/** "new", "up 4", "down 2", "no change" — the same words as the rows' names use. */
export function changeWords(change: number | null): string {
  if (change === null) return "new";
  if (change > 0) return `up ${change}`;
  if (change < 0) return `down ${-change}`;
  return "no change";
}
