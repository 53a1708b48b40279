import { sparklineRuns, WINDOW_MS, type Point } from "./samples";

const SIZE = { width: 120, height: 28 };

/**
 * A small line chart of the last five minutes (hand-drawn SVG: one polyline
 * per stretch without gaps). Decorative next to the number it illustrates,
 * but labelled with its range for screen readers.
 */
export function Sparkline({ points, endT, label }: { points: Point[]; endT: number; label: string }) {
  const runs = sparklineRuns(points, endT, SIZE);
  const values = points.flatMap((point) => (point.value === undefined ? [] : [point.value]));
  const summary = values.length === 0 ? "no data yet" : `between ${format(Math.min(...values))} and ${format(Math.max(...values))}`;
  return (
    <svg
      data-slot="sparkline"
      role="img"
      aria-label={`${label}, last ${WINDOW_MS / 60_000} minutes: ${summary}`}
      viewBox={`0 0 ${SIZE.width} ${SIZE.height}`}
      preserveAspectRatio="none"
      className="h-7 w-full text-primary"
    >
      <line x1={0} x2={SIZE.width} y1={SIZE.height - 1} y2={SIZE.height - 1} className="stroke-border" strokeWidth={1} />
      {runs.map((run) =>
        run.includes(" ") ? (
          <polyline key={run} points={run} fill="none" stroke="currentColor" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        ) : (
          <circle key={run} cx={run.split(",")[0]} cy={run.split(",")[1]} r={1.5} fill="currentColor" />
        ),
      )}
    </svg>
  );
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
