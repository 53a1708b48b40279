/**
 * CPU time of other processes, read from /proc (Linux): lets the bench
 * charge CPU per request to the app's own processes, a figure that holds
 * up better than requests per second on a busy machine.
 */
import { readdirSync, readFileSync } from "node:fs";

/** Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream build. */
const TICK_MICROS = 10_000;

interface ProcStat {
  pid: number;
  ppid: number;
  cpuMicros: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name sits in parentheses and may itself contain spaces or parentheses.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(fields[1]);
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return { pid, ppid, cpuMicros: (utime + stime) * TICK_MICROS };
  } catch {
    return undefined;
  }
}

/** The command line of a process ("" when unreadable). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
  } catch {
    return "";
  }
}

/** Every live descendant of `root` (children, grandchildren, ...); [] where /proc is missing. */
export function descendants(root: number): number[] {
  let stats: ProcStat[];
  try {
    stats = readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .map((name) => readStat(Number(name)))
      .filter((stat): stat is ProcStat => stat !== undefined);
  } catch {
    return [];
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const stat of stats) {
      if (stat.ppid !== parent) continue;
      found.push(stat.pid);
      queue.push(stat.pid);
    }
  }
  return found;
}

/** CPU time (user + system) `pid` has used so far, µs; undefined once it is gone. */
export function processCpuMicros(pid: number): number | undefined {
  return readStat(pid)?.cpuMicros;
}
