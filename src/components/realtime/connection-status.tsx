"use client";

import { cn } from "@/lib/utils";

import type { ConnectionStatus as Status } from "@/providers/pusher-client";
import { useRealtime } from "@/providers/realtime-provider";

const LABELS: Record<Status, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

const DOT: Record<Status, string> = {
  connecting: "bg-amber-400",
  connected: "bg-emerald-500",
  reconnecting: "bg-amber-400 animate-pulse",
  offline: "bg-rose-500",
};

/** A live region telling whether the realtime link is up. */
export function ConnectionStatus({ className }: { className?: string }) {
  const { status } = useRealtime();
  return (
    <p
      role="status"
      aria-live="polite"
      data-state={status}
      className={cn("inline-flex items-center gap-2 text-sm text-muted-foreground", className)}
    >
      <span aria-hidden className={cn("size-2 shrink-0 rounded-full", DOT[status])} />
      {/* The narrowest phones keep the dot; the words stay for screen readers. */}
      <span className="max-[359px]:sr-only">{LABELS[status]}</span>
    </p>
  );
}
