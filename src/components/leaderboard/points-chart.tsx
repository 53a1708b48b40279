import type { AwardSummary } from "@/lib/schemas";

const SIZE = { width: 300, height: 64 };
const dayFormat = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", timeZone: "UTC" });

/** "Dec 3" for "2026-12-03" (a calendar date, so no time zone shift). */
export function dayLabel(date: string): string {
  return dayFormat.format(new Date(`${date}T00:00:00Z`));
}

/** What the chart shows, in words: the total, how many days scored, the best day. */
export function describeSummary(summary: AwardSummary): string {
  const days = summary.days.length;
  const scored = summary.days.filter((day) => day.points !== 0);
  if (scored.length === 0) return `Points over the last ${days} days: none yet.`;
  const best = scored.reduce((top, day) => (day.points > top.points ? day : top));
  const total = `${summary.total > 0 ? "+" : ""}${summary.total}`;
  return `Points over the last ${days} days: ${total} in total, on ${scored.length} ${scored.length === 1 ? "day" : "days"}; best day ${dayLabel(best.date)} with ${best.points}.`;
}

/**
 * Net points per day over the last days as bars above (or below) a zero
 * line: a hand-drawn SVG named by its summary in words, with the figures
 * as a table one click away.
 */
export function PointsChart({ summary }: { summary: AwardSummary }) {
  const values = summary.days.map((day) => day.points);
  const top = Math.max(1, ...values);
  const bottom = Math.min(0, ...values);
  const span = top - bottom;
  const zero = (top / span) * (SIZE.height - 2) + 1;
  const slot = SIZE.width / Math.max(1, summary.days.length);
  const scored = summary.days.filter((day) => day.points !== 0 || day.awards > 0);
  return (
    <figure className="flex flex-col gap-1">
      <svg
        data-slot="points-chart"
        role="img"
        aria-label={describeSummary(summary)}
        viewBox={`0 0 ${SIZE.width} ${SIZE.height}`}
        preserveAspectRatio="none"
        className="h-16 w-full text-primary"
      >
        <line x1={0} x2={SIZE.width} y1={zero} y2={zero} className="stroke-border" strokeWidth={1} vectorEffect="non-scaling-stroke" />
        {summary.days.map((day, index) => {
          if (day.points === 0) return null;
          const height = (Math.abs(day.points) / span) * (SIZE.height - 2);
          return (
            <rect
              key={day.date}
              x={index * slot + slot * 0.15}
              width={slot * 0.7}
              y={day.points > 0 ? zero - height : zero}
              height={Math.max(1, height)}
              rx={1}
              className={day.points > 0 ? "fill-current" : "fill-destructive"}
            />
          );
        })}
      </svg>
      <figcaption className="flex justify-between text-xs text-muted-foreground">
        <span>{summary.days[0] ? dayLabel(summary.days[0].date) : ""}</span>
        <span>{summary.days.at(-1) ? dayLabel(summary.days.at(-1)!.date) : ""}</span>
      </figcaption>
      {scored.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer text-xs text-primary">Show the points per day</summary>
          <table className="mt-1 w-full text-left text-xs">
            <caption className="sr-only">Points per day</caption>
            <thead>
              <tr>
                <th scope="col" className="py-0.5 font-semibold">
                  Day
                </th>
                <th scope="col" className="py-0.5 text-right font-semibold">
                  Points
                </th>
                <th scope="col" className="py-0.5 text-right font-semibold">
                  Awards
                </th>
              </tr>
            </thead>
            <tbody>
              {scored.map((day) => (
                <tr key={day.date}>
                  <th scope="row" className="py-0.5 font-normal">
                    {dayLabel(day.date)}
                  </th>
                  <td className="py-0.5 text-right tabular-nums">{day.points}</td>
                  <td className="py-0.5 text-right tabular-nums">{day.awards}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
