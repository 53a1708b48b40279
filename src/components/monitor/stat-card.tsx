import type { ReactNode } from "react";

import { cn } from "@/lib/utils";

import type { Point } from "./samples";
import { Sparkline } from "./sparkline";

export interface StatCardProps {
  label: string;
  /** The main number, already formatted; "—" when unknown. */
  value: string;
  detail?: ReactNode;
  points: Point[];
  endT: number;
  /** Draws the card in the warning colour (errors, failures above zero). */
  alert?: boolean;
}

/**
 * One number with its recent history. A labelled group, so a person (or a
 * test) finds "Connections" and the value inside it (`data-slot="stat-value"`).
 */
export function StatCard({ label, value, detail, points, endT, alert }: StatCardProps) {
  return (
    <div
      role="group"
      aria-label={label}
      data-slot="stat-card"
      className={cn("flex min-w-0 flex-col gap-1 rounded-lg border p-3", alert ? "border-destructive/40 bg-destructive/5" : "border-border bg-card")}
    >
      <p className="text-xs font-medium text-muted-foreground">{label}</p>
      <p data-slot="stat-value" className={cn("text-2xl font-semibold tabular-nums", alert ? "text-destructive" : "text-foreground")}>
        {value}
      </p>
      <p className="min-h-4 text-xs text-muted-foreground">{detail}</p>
      <Sparkline points={points} endT={endT} label={label} />
    </div>
  );
}
