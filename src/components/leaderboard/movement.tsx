import { ArrowDown, ArrowUp, Minus, Sparkles } from "lucide-react";

import { movementLabel } from "@/hooks/leaderboard-state";
import type { Entry } from "@/lib/schemas";
import { cn } from "@/lib/utils";

/** Up/down/no change/new, with an accessible name in words such as "up 4". */
export function Movement({ entry }: { entry: Entry }) {
  const label = movementLabel(entry);
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
    <span role="img" aria-label={label} title={label} className={cn("inline-flex w-9 shrink-0 items-center gap-0.5 text-xs font-medium sm:w-12", tone)}>
      <Icon aria-hidden className="size-3.5" />
      {change !== null && change !== 0 ? Math.abs(change) : null}
    </span>
  );
}
