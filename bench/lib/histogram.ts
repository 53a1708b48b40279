/**
 * HDR histograms for the bench: values are recorded as integers (µs for
 * delivery latency, ns for CPU costs) and summarised in a chosen unit.
 */
import { build, type Histogram } from "hdr-histogram-js";

export type { Histogram } from "hdr-histogram-js";

/** A histogram for integer values from 1 up to `highest` (it resizes past that), 3 significant digits. */
export function newHistogram(highest = 60_000_000): Histogram {
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: highest, numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

/** Percentiles of one histogram, in the unit chosen at summary time. */
export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Percentiles divided by `divisor` (1000 turns µs into ms, or ns into µs), rounded to 3 decimals. */
export function summarize(histogram: Histogram, divisor = 1000): Summary {
  const scale = (value: number) => Math.round((value / divisor) * 1000) / 1000;
  return {
    count: histogram.totalCount,
    p50: scale(histogram.getValueAtPercentile(50)),
    p95: scale(histogram.getValueAtPercentile(95)),
    p99: scale(histogram.getValueAtPercentile(99)),
    max: scale(histogram.maxValue),
    mean: scale(histogram.mean),
  };
}

/** Milliseconds elapsed since `startMs` (a `performance.now()` reading) as whole microseconds, at least 1. */
export function microsSince(startMs: number, nowMs = performance.now()): number {
  return Math.max(1, Math.round((nowMs - startMs) * 1000));
}
