"use client";

import { AlertTriangle, CheckCircle2, Loader2, XCircle } from "lucide-react";

import { cn } from "@/lib/utils";

import { classesInUse, liveService, messagesLastMinute, openPages, peopleOnline, savedData, type HealthState, type Verdict } from "./plain-words";
import { latest, valueSeries } from "./samples";
import { StatCard } from "./stat-card";
import { useMonitor } from "./use-monitor";

/**
 * The coaches' monitor: whether the live service and the saved data work,
 * and what that means for the team, then who is online and how busy the
 * chat is — in plain words, refreshed every 2 s while open.
 */
export function MonitorPanel() {
  const { samples, error } = useMonitor();
  const last = samples.at(-1);
  const snapshot = last?.snapshot;

  return (
    <section aria-labelledby="monitor-heading" className="flex flex-col gap-4">
      <header className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <div>
          <h1 id="monitor-heading" className="text-xl font-semibold">
            Monitor
          </h1>
          <p className="text-sm text-muted-foreground">How your team&apos;s live page is doing right now.</p>
        </div>
        {snapshot && (
          <p className="text-xs text-muted-foreground">
            Updated <time dateTime={snapshot.takenAt}>{new Date(snapshot.takenAt).toLocaleTimeString()}</time>
          </p>
        )}
      </header>

      {error && (
        <p role="alert" className="rounded-md border border-warning-border bg-warning px-3 py-2 text-sm text-warning-foreground">
          Could not get the latest figures: {error} Trying again every few seconds.
        </p>
      )}

      {!last || !snapshot ? (
        !error && (
          <p className="flex items-center justify-center gap-2 py-10 text-sm text-muted-foreground">
            <Loader2 aria-hidden className="size-4 animate-spin" /> Checking the live service…
          </p>
        )
      ) : (
        <>
          <ul aria-label="Service status" className="flex flex-col gap-2">
            <StatusRow verdict={liveService(samples)} />
            <StatusRow verdict={savedData(snapshot)} />
          </ul>
          <div className="grid grid-cols-1 gap-3 min-[360px]:grid-cols-2 sm:grid-cols-3">
            <StatCard
              label="People online now"
              value={format(peopleOnline(snapshot))}
              detail={pages(openPages(snapshot))}
              points={valueSeries(samples, peopleOnline)}
              endT={last.t}
            />
            <StatCard
              label="Messages in the last minute"
              value={snapshot.chat?.capped ? `${format(messagesLastMinute(snapshot))}+` : format(messagesLastMinute(snapshot))}
              detail={snapshot.chat ? "in the team chat" : "not known right now"}
              points={valueSeries(samples, messagesLastMinute)}
              endT={last.t}
            />
            <StatCard
              label="Classes with people in them"
              value={format(latest(samples, classesInUse))}
              detail="someone has the class page open"
              points={valueSeries(samples, classesInUse)}
              endT={last.t}
            />
          </div>
          <p className="text-xs text-muted-foreground">The figures refresh every 2 seconds while this page is open.</p>
        </>
      )}
    </section>
  );
}

const ICONS: Record<HealthState, typeof CheckCircle2> = { healthy: CheckCircle2, degraded: AlertTriangle, down: XCircle };
const TONES: Record<HealthState, string> = {
  healthy: "border-border bg-card [&_svg]:text-success",
  degraded: "border-warning-border bg-warning text-warning-foreground",
  down: "border-destructive/40 bg-destructive/10 [&_svg]:text-destructive",
};

/** One state in words (never colour alone): the headline, then what it means. */
function StatusRow({ verdict }: { verdict: Verdict }) {
  const Icon = ICONS[verdict.state];
  return (
    <li data-state={verdict.state} className={cn("flex gap-3 rounded-lg border px-3 py-2.5", TONES[verdict.state])}>
      <Icon aria-hidden className="mt-0.5 size-5 shrink-0" />
      <div className="min-w-0">
        <p className="font-semibold">{verdict.headline}</p>
        <p className="text-sm">{verdict.meaning}</p>
      </div>
    </li>
  );
}

function pages(count: number | undefined): string | undefined {
  if (count === undefined) return undefined;
  return count === 1 ? "1 open page" : `${integer.format(count)} open pages`;
}

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

/** Whole numbers with separators; "—" when not known. */
function format(value: number | undefined): string {
  return value === undefined ? "—" : integer.format(value);
}
