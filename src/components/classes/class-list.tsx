"use client";

import { CalendarDays, Loader2, RotateCw, Users } from "lucide-react";
import Link from "next/link";

import { Button } from "@/components/ui/button";
import type { ClassSummary } from "@/lib/classes";

import { liveLabel } from "./class-time";
import { ClassTimeLabel } from "./class-time-label";

export interface ClassListProps {
  classes: ClassSummary[];
  loading: boolean;
  error: string | null;
  liveError: string | null;
  onRetry: () => void;
  /** What to say when there are none (a coach is told to start one). */
  empty: string;
}

/** The team's classes, newest first: each a link to its page, when it starts, and who is there now. */
export function ClassList({ classes, loading, error, liveError, onRetry, empty }: ClassListProps) {
  if (loading && classes.length === 0) {
    return (
      <p className="flex items-center gap-2 px-4 py-4 text-sm text-muted-foreground">
        <Loader2 aria-hidden className="size-4 animate-spin" /> Loading classes…
      </p>
    );
  }
  return (
    <div className="flex flex-col">
      {error && (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-2 bg-warning px-4 py-2 text-sm text-warning-foreground">
          <span>{error}</span>
          <Button size="sm" variant="outline" onClick={onRetry}>
            <RotateCw aria-hidden className="size-4" /> Retry
          </Button>
        </div>
      )}
      {liveError && classes.length > 0 && <p className="px-4 pt-2 text-xs text-muted-foreground">{liveError}</p>}
      {classes.length === 0 ? (
        !error && <p className="px-4 py-4 text-sm text-muted-foreground">{empty}</p>
      ) : (
        <ul aria-label="Classes" className="flex flex-col">
          {classes.map((item) => (
            <ClassRow key={item.id} item={item} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ClassRow({ item }: { item: ClassSummary }) {
  const here = item.live && item.live.count > 0;
  return (
    <li className="flex flex-col gap-0.5 border-b border-border px-4 py-2.5 last:border-b-0">
      <Link
        href={`/class/${encodeURIComponent(item.id)}`}
        className="w-fit max-w-full text-sm font-medium break-words text-primary underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-ring touch:py-2"
      >
        {item.title}
      </Link>
      <p className="flex flex-wrap items-center gap-x-3 gap-y-0.5 text-xs text-muted-foreground">
        <span className="inline-flex items-center gap-1">
          <CalendarDays aria-hidden className="size-3.5" />
          <ClassTimeLabel startsAt={item.startsAt} /> · {item.createdBy.name}
        </span>
        {item.live && (
          <span className="inline-flex items-center gap-1" data-live={here ? "yes" : "no"}>
            {here ? <span aria-hidden className="size-2 rounded-full bg-success" /> : <Users aria-hidden className="size-3.5" />}
            {liveLabel(item.live)}
          </span>
        )}
      </p>
    </li>
  );
}
