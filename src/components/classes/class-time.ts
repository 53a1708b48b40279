/** "Started 10:32", "Starts Fri 18:00", "Started 3 Dec, 10:32": when a class starts, seen at `now`, in the viewer's words and time zone. */
export function classTimeLabel(startsAt: string, now = Date.now()): string {
  const at = Date.parse(startsAt);
  if (Number.isNaN(at)) return "";
  const verb = at <= now + 60_000 ? "Started" : "Starts";
  const date = new Date(at);
  const today = new Date(now).toDateString() === date.toDateString();
  const withinWeek = Math.abs(at - now) < 6 * 86_400_000;
  const options: Intl.DateTimeFormatOptions = today
    ? { hour: "2-digit", minute: "2-digit" }
    : withinWeek
      ? { weekday: "short", hour: "2-digit", minute: "2-digit" }
      : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
  return `${verb} ${new Intl.DateTimeFormat(undefined, options).format(date)}`;
}

/** "Nobody here yet", "Ana is here", "3 here: Ana, Ben and Cy", "7 here: Ana, Ben, Cy, Dee, Eve and 2 more". */
export function liveLabel(live: { count: number; names: string[] }): string {
  if (live.count === 0) return "Nobody here yet";
  if (live.names.length === 0) return `${live.count} here`;
  if (live.count === 1 && live.names.length === 1) return `${live.names[0]} is here`;
  const others = live.count - live.names.length;
  const parts = others > 0 ? [...live.names, `${others} more`] : live.names;
  const listed = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  return `${live.count} here: ${listed}`;
}
