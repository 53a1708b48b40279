import type { OccupancyRow } from "@/lib/monitor";
import { cn } from "@/lib/utils";

/** Channel occupancy: the app's channels always listed, private user channels summed in one row. */
export function OccupancyTable({ rows, error }: { rows: OccupancyRow[]; error?: string }) {
  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold text-foreground">Channel occupancy</h3>
      {error && (
        <p role="alert" className="rounded-md bg-warning px-3 py-1.5 text-sm text-warning-foreground">
          {error}
        </p>
      )}
      {rows.length > 0 && (
        <div className="overflow-x-auto">
        <table aria-label="Channel occupancy" className="w-full text-left text-sm">
          <thead className="text-xs text-muted-foreground">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Channel
              </th>
              <th scope="col" className="py-1 pr-3 text-right font-medium">
                Subscriptions
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Users
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.channel} className={cn("border-t border-border", !row.occupied && "text-muted-foreground")}>
                <th scope="row" className="py-1 pr-3 font-mono text-xs font-normal break-all">
                  {row.channel}
                  {row.channelCount !== undefined && <span className="ml-1 font-sans text-muted-foreground">({row.channelCount} channels)</span>}
                </th>
                <td className="py-1 pr-3 text-right tabular-nums">{row.subscriptionCount ?? (row.occupied ? "occupied" : "—")}</td>
                <td className="py-1 text-right tabular-nums">{row.userCount ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </div>
  );
}
