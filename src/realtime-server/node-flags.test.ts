import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { REALTIME_NODE_FLAGS, realtimeServerArgs } from "./node-flags";

const root = path.resolve(import.meta.dirname, "../..");

/** The young generation's size in a node started with `flags`, after making 400,000 objects that all stay alive (as connections opening do). */
function youngGenerationBytes(flags: readonly string[]): number {
  const script = `
    const keep = [];
    for (let i = 0; i < 400000; i++) keep.push({ i, text: "x" + i });
    const space = require("v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
    process.stdout.write(keep.length === 400000 ? String(space.space_size) : "NaN");
  `;
  return Number(execFileSync(process.execPath, [...flags, "-e", script], { encoding: "utf8" }));
}

describe("the embedded server's Node options", () => {
  it("are the ones `npm run realtime` starts it with", () => {
    const scripts = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.realtime).toBe(["node", ...realtimeServerArgs("")].join(" "));
  });

  it("cap the young generation that connections opening in bulk would grow to 32 MB", () => {
    expect(youngGenerationBytes([])).toBeGreaterThan(16 * 1024 * 1024);
    // Two semi-spaces of 8 MB at most.
    expect(youngGenerationBytes(REALTIME_NODE_FLAGS)).toBeLessThanOrEqual(16 * 1024 * 1024);
  });
});
