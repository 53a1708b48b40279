/**
 * Child processes of the bench. Every child is remembered until it exits and
 * killed by pid if the bench itself exits first, so no run leaves servers behind.
 */
import type { ChildProcess } from "node:child_process";

const live = new Set<ChildProcess>();
const groupLeaders = new WeakSet<ChildProcess>();

process.once("exit", () => {
  for (const child of live) killTree(child, "SIGKILL");
});

/** Tracks `child` until it exits. */
export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Signals the child; when it was spawned `detached` (its own process group,
 * e.g. the app launcher and the servers it starts) the whole group.
 */
export function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || hasExited(child)) return;
  try {
    if (groupLeaders.has(child)) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // Already gone.
  }
}

/** Marks a child spawned with `detached: true`, so killTree signals its process group. */
export function markGroupLeader(child: ChildProcess): void {
  groupLeaders.add(child);
}

/** Asks nicely with `ask`, waits up to `graceMs` for the exit, then SIGKILLs. */
export async function stopChild(child: ChildProcess, ask: () => void, graceMs: number): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    ask();
  } catch {
    // The IPC channel may already be closed; the kill below still applies.
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), graceMs)));
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (outcome === "late") {
    killTree(child, "SIGKILL");
    await exited;
  }
}
