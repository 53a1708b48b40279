"use client";

import { Loader2 } from "lucide-react";

import { useActivityFeed } from "@/hooks/use-activity-feed";

import { ActivityEntry } from "./activity-item";

/** The live feed of one app channel, with loading, error and empty states. */
export function ActivityFeed({ channel, label, empty }: { channel: string; label: string; empty: string }) {
  const { items, loading, error } = useActivityFeed(channel);
  return (
    <div>
      {error && (
        <p role="alert" className="bg-warning px-4 py-1.5 text-sm text-warning-foreground">
          {error}
        </p>
      )}
      {loading ? (
        <p className="flex items-center gap-2 px-4 py-6 text-sm text-muted-foreground">
          <Loader2 aria-hidden className="size-4 animate-spin" /> Loading activity…
        </p>
      ) : items.length === 0 ? (
        <p className="px-4 py-6 text-sm text-muted-foreground">{empty}</p>
      ) : (
        <ol aria-label={label} aria-live="polite">
          {items.map((item) => (
            <ActivityEntry key={item.id} item={item} />
          ))}
        </ol>
      )}
    </div>
  );
}
