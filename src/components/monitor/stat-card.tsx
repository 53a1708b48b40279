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
      className={cn("flex flex-col gap-1 rounded-lg border border-slate-200 bg-white p-3", alert && "border-rose-200 bg-rose-50/50")}
    >
      <p className="text-xs font-medium text-slate-500">{label}</p>
      <p data-slot="stat-value" className={cn("text-2xl font-semibold tabular-nums text-slate-900", alert && "text-rose-700")}>
        {value}
      </p>
      <p className="min-h-4 text-xs text-slate-500">{detail}</p>
      <Sparkline points={points} endT={endT} label={label} />
    </div>
  );
}
