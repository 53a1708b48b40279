/**
 * The monitor's time series: snapshots kept for the last few minutes, and
 * what the cards derive from them (values now, per-minute rates of the
 * cumulative counters, points for a sparkline). Pure.
 */
import type { MonitorSnapshot } from "@/lib/monitor";

/** How far back the charts reach. */
export const WINDOW_MS = 5 * 60_000;
/** Rates shown as "per minute" are measured over this much of the recent past. */
export const RATE_WINDOW_MS = 60_000;

export interface Sample {
  /** When the server took the snapshot, epoch milliseconds. */
  t: number;
  snapshot: MonitorSnapshot;
}

/** A number a card reads from a snapshot; undefined when that part is missing. */
export type Pick = (snapshot: MonitorSnapshot) => number | undefined;

/**
 * Adds a snapshot and forgets what fell out of the window. A snapshot with a
 * time already held (a shared one) replaces it; an older one is ignored.
 */
export function appendSample(samples: readonly Sample[], snapshot: MonitorSnapshot, windowMs = WINDOW_MS): Sample[] {
  const t = Date.parse(snapshot.takenAt);
  if (Number.isNaN(t)) return [...samples];
  const last = samples.at(-1);
  if (last && t < last.t) return [...samples];
  const kept = last && t === last.t ? samples.slice(0, -1) : samples;
  return [...kept.filter((sample) => sample.t >= t - windowMs), { t, snapshot }];
}

/** The latest value, or undefined. */
export function latest(samples: readonly Sample[], pick: Pick): number | undefined {
  const last = samples.at(-1);
  return last ? pick(last.snapshot) : undefined;
}

/**
 * How much a cumulative counter grew between two readings. A smaller reading
 * means the counter restarted (the server restarted): then the new reading
 * is all growth, as Prometheus's `increase` counts it.
 */
function growth(before: number, after: number): number {
  return after >= before ? after - before : after;
}

/**
 * A counter's growth per minute over the last `windowMs`: undefined until
 * two readings that far apart (or closer) exist.
 */
export function ratePerMinute(samples: readonly Sample[], pick: Pick, windowMs = RATE_WINDOW_MS): number | undefined {
  const last = samples.at(-1);
  if (!last) return undefined;
  const recent = samples.filter((sample) => sample.t >= last.t - windowMs);
  let total = 0;
  let first: number | undefined;
  let previous: { t: number; value: number } | undefined;
  for (const sample of recent) {
    const value = pick(sample.snapshot);
    if (value === undefined) continue;
    if (previous) total += growth(previous.value, value);
    else first = sample.t;
    previous = { t: sample.t, value };
  }
  if (!previous || first === undefined || previous.t === first) return undefined;
  return (total / (previous.t - first)) * 60_000;
}

/** A sparkline point; value undefined is a gap. */
export interface Point {
  t: number;
  value: number | undefined;
}

/** A gauge's readings over time. */
export function valueSeries(samples: readonly Sample[], pick: Pick): Point[] {
  return samples.map((sample) => ({ t: sample.t, value: pick(sample.snapshot) }));
}

/** A counter's per-minute rate between consecutive readings. */
export function rateSeries(samples: readonly Sample[], pick: Pick): Point[] {
  const points: Point[] = [];
  for (let i = 1; i < samples.length; i += 1) {
    const before = pick(samples[i - 1]!.snapshot);
    const after = pick(samples[i]!.snapshot);
    const dt = samples[i]!.t - samples[i - 1]!.t;
    const value = before === undefined || after === undefined || dt <= 0 ? undefined : (growth(before, after) / dt) * 60_000;
    points.push({ t: samples[i]!.t, value });
  }
  return points;
}

/**
 * SVG polyline coordinates for points over the window ending at `endT`,
 * scaled from 0 to the largest value; one run per stretch without gaps.
 * Until a full window has been seen, the points seen so far fill the width.
 */
export function sparklineRuns(points: readonly Point[], endT: number, size: { width: number; height: number }, windowMs = WINDOW_MS): string[] {
  const values = points.flatMap((point) => (point.value === undefined ? [] : [point.value]));
  const max = Math.max(1, ...values);
  const startT = Math.max(endT - windowMs, Math.min(endT, ...points.map((point) => point.t)));
  const span = endT - startT;
  const pad = 1;
  const runs: string[][] = [[]];
  for (const point of points) {
    if (point.value === undefined || point.t < startT) {
      if (runs.at(-1)!.length > 0) runs.push([]);
      continue;
    }
    const x = span > 0 ? ((point.t - startT) / span) * size.width : size.width;
    const y = pad + (1 - point.value / max) * (size.height - 2 * pad);
    runs.at(-1)!.push(`${round(x)},${round(y)}`);
  }
  return runs.filter((run) => run.length > 0).map((run) => run.join(" "));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
