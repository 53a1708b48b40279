"use client";

import { Gauge, Loader2 } from "lucide-react";

import type { MonitorSnapshot } from "@/lib/monitor";

import { OccupancyTable } from "./occupancy-table";
import { latest, ratePerMinute, rateSeries, valueSeries, type Pick, type Sample } from "./samples";
import { StatCard, type StatCardProps } from "./stat-card";
import { useMonitor } from "./use-monitor";

/** A card: a gauge shows its value now; a counter its total, with its per-minute rate charted. */
type CardSpec =
  | { label: string; kind: "gauge"; pick: Pick; detail?: (snapshot: MonitorSnapshot) => string | undefined }
  | { label: string; kind: "counter"; pick: Pick; alert?: boolean }
  | { label: string; kind: "rate"; pick: Pick };

const realtime = (key: keyof NonNullable<MonitorSnapshot["realtime"]>): Pick => (s) => {
  const value = s.realtime?.[key];
  return typeof value === "number" ? value : undefined;
};
const app = (key: keyof MonitorSnapshot["app"]): Pick => (s) => s.app[key];

/** The realtime server's numbers (embedded or external). */
const SERVER_CARDS: CardSpec[] = [
  {
    label: "Connections",
    kind: "gauge",
    pick: realtime("connections"),
    detail: (s) => (s.realtime ? `peak ${format(s.realtime.peakConnections)}` : undefined),
  },
  { label: "Messages in/min", kind: "rate", pick: realtime("messagesIn") },
  { label: "Messages out/min", kind: "rate", pick: realtime("messagesOut") },
  { label: "Channels", kind: "gauge", pick: realtime("channels") },
  { label: "Subscriptions", kind: "gauge", pick: realtime("subscriptions") },
  { label: "API calls", kind: "counter", pick: realtime("apiCalls") },
  { label: "Errors", kind: "counter", pick: realtime("errors"), alert: true },
];

/** What this web process counted itself (every mode). */
const APP_CARDS: CardSpec[] = [
  { label: "Triggers", kind: "counter", pick: app("triggers") },
  { label: "Trigger failures", kind: "counter", pick: app("triggerFailures"), alert: true },
];

/** Hosted Pusher has no stats endpoint: the app's own view of its API use stands in. */
const HOSTED_CARDS: CardSpec[] = [
  { label: "API calls", kind: "counter", pick: app("apiCalls") },
  { label: "API failures", kind: "counter", pick: app("apiFailures"), alert: true },
  ...APP_CARDS,
  { label: "Channel authorizations", kind: "counter", pick: app("channelAuths") },
];

/**
 * The Monitor tab: live numbers from the realtime server and the app, each
 * with a sparkline of the last five minutes, and channel occupancy. Polls
 * every 2 s while shown.
 */
export function MonitorPanel() {
  const { samples, error } = useMonitor();
  const last = samples.at(-1);
  const snapshot = last?.snapshot;
  const specs = snapshot?.mode === "hosted" ? HOSTED_CARDS : [...SERVER_CARDS, ...APP_CARDS];

  return (
    <section aria-label="Monitor" className="flex flex-col gap-4 p-4">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="flex items-center gap-2 text-base font-semibold">
          <Gauge aria-hidden className="size-4" /> Monitor
        </h2>
        {snapshot && (
          <p className="text-xs text-muted-foreground">
            {MODE_LABELS[snapshot.mode]} · updated <time dateTime={snapshot.takenAt}>{new Date(snapshot.takenAt).toLocaleTimeString()}</time>
          </p>
        )}
      </header>

      {error && (
        <p role="alert" className="rounded-md bg-warning px-3 py-1.5 text-sm text-warning-foreground">
          {error}
        </p>
      )}
      {snapshot?.realtimeError && (
        <p role="alert" className="rounded-md bg-destructive/10 px-3 py-1.5 text-sm text-destructive">
          {snapshot.realtimeError}
        </p>
      )}
      {snapshot?.mode === "hosted" && (
        <p className="rounded-md bg-muted px-3 py-1.5 text-sm text-muted-foreground">
          Hosted Pusher Channels: connection and message numbers live in the Pusher dashboard. Shown here: what this app counted itself,
          and channel occupancy from Pusher&apos;s REST API.
        </p>
      )}

      {!last || !snapshot ? (
        !error && (
          <p className="flex items-center justify-center gap-2 py-10 text-sm text-muted-foreground">
            <Loader2 aria-hidden className="size-4 animate-spin" /> Loading the monitor…
          </p>
        )
      ) : (
        <>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
            {specs.map((spec) => (
              <StatCard key={spec.label} {...cardProps(spec, samples, last.t)} />
            ))}
          </div>
          <OccupancyTable rows={snapshot.occupancy} error={snapshot.occupancyError} />
          <p className="text-xs text-muted-foreground">
            API calls include this monitor&apos;s own reads (three every 2 s while it is open).
          </p>
        </>
      )}
    </section>
  );
}

const MODE_LABELS: Record<MonitorSnapshot["mode"], string> = {
  embedded: "Embedded server",
  hosted: "Hosted Pusher",
  external: "External server",
};

function cardProps(spec: CardSpec, samples: Sample[], endT: number): StatCardProps {
  const now = latest(samples, spec.pick);
  const rate = ratePerMinute(samples, spec.pick);
  const common = { label: spec.label, endT };
  switch (spec.kind) {
    case "gauge":
      return { ...common, value: format(now), detail: spec.detail?.(samples.at(-1)!.snapshot), points: valueSeries(samples, spec.pick) };
    case "rate":
      return {
        ...common,
        value: now === undefined ? "—" : rate === undefined ? "…" : format(rate),
        detail: now === undefined ? undefined : `${format(now)} total`,
        points: rateSeries(samples, spec.pick),
      };
    case "counter":
      return {
        ...common,
        value: format(now),
        detail: rate === undefined ? undefined : `${format(rate)}/min`,
        points: rateSeries(samples, spec.pick),
        alert: spec.alert === true && (now ?? 0) > 0,
      };
  }
}

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

/** Whole numbers with separators; small rates keep one decimal. */
function format(value: number | undefined): string {
  if (value === undefined) return "—";
  return value < 10 && !Number.isInteger(value) ? decimal.format(value) : integer.format(value);
}
