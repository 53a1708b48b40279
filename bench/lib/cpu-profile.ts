/**
 * Reads a V8 `.cpuprofile` (node --cpu-prof) and lists where the time went:
 * self time per function, heaviest first. Used by `npm run bench -- --profile`.
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface HotFunction {
  name: string;
  /** file:line, relative to the repository or node_modules. */
  where: string;
  selfMs: number;
  /** Time with this function anywhere on the stack (callees included). */
  totalMs: number;
  share: number;
}

const sourceMaps = new Map<string, SourceMap | null>();

/** The source map beside a bundled file (Next's server chunks ship `.js.map`), if any. */
function sourceMapOf(file: string): SourceMap | null {
  let found = sourceMaps.get(file);
  if (found === undefined) {
    const mapFile = `${file}.map`;
    found = existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, "utf8")) as SourceMapPayload) : null;
    sourceMaps.set(file, found);
  }
  return found;
}

function shorten(file: string): string {
  const inModules = file.lastIndexOf("node_modules/");
  return inModules >= 0 ? file.slice(inModules + "node_modules/".length) : path.relative(process.cwd(), file);
}

/** file:line of a frame, through the bundle's source map when there is one. */
function location(url: string, line: number, column: number): string {
  if (!url) return "(native)";
  const file = url.replace(/^file:\/\//, "");
  const entry = sourceMapOf(file)?.findEntry(line, column);
  if (entry && "originalSource" in entry && entry.originalSource) {
    return `${entry.originalSource.replace(/^.*\[project\]\//, "").replace(/^turbopack:\/\/\//, "")}:${entry.originalLine + 1}`;
  }
  return `${shorten(file)}:${line + 1}`;
}

/**
 * The `limit` functions with the most self time (idle and GC included as V8
 * names them), or with `by: "total"` the most time on the stack.
 */
export function hotFunctions(file: string, limit = 15, by: "self" | "total" = "self"): HotFunction[] {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = (node: ProfileNode) => `${node.callFrame.functionName || "(anonymous)"} ${location(node.callFrame.url, node.callFrame.lineNumber, node.callFrame.columnNumber)}`;
  const totals = new Map<string, HotFunction>();
  const entry = (node: ProfileNode) => {
    const key = keyOf(node);
    let found = totals.get(key);
    if (!found) {
      found = { name: node.callFrame.functionName || "(anonymous)", where: location(node.callFrame.url, node.callFrame.lineNumber, node.callFrame.columnNumber), selfMs: 0, totalMs: 0, share: 0 };
      totals.set(key, found);
    }
    return found;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let sum = 0;
  samples.forEach((id, i) => {
    const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    sum += ms;
    entry(node).selfMs += ms;
    // Each function once per sample, however deep the recursion.
    const seen = new Set<string>();
    for (let at: ProfileNode | undefined = node; at; at = byId.get(parent.get(at.id) ?? -1)) {
      const key = keyOf(at);
      if (seen.has(key)) continue;
      seen.add(key);
      entry(at).totalMs += ms;
    }
  });
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return [...totals.values()]
    .map((hot) => ({ ...hot, selfMs: round(hot.selfMs), totalMs: round(hot.totalMs), share: sum ? round(((by === "self" ? hot.selfMs : hot.totalMs) / sum) * 100) : 0 }))
    .sort((a, b) => (by === "self" ? b.selfMs - a.selfMs : b.totalMs - a.totalMs))
    .slice(0, limit);
}
