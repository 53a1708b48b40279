import { readFileSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** The budget: first-load JavaScript of `/`, gzip (KB = 1024 bytes, as the issue measured 234 KB). */
export const FIRST_LOAD_BUDGET_BYTES = 150 * 1024;

export interface FirstLoad {
  files: { file: string; raw: number; gzip: number; brotli: number }[];
  raw: number;
  gzip: number;
  brotli: number;
}

/**
 * The scripts a browser loads up front for `route` (an App Router page such
 * as "/page"), read from the build output in `.next`: Next's root main files
 * (framework, runtime) plus the entry chunks of the root layout and of the
 * page. Chunks loaded later with `import()` are not counted; neither are the
 * `nomodule` polyfills, which modern browsers skip. Sizes are gzip level 9
 * and brotli quality 11 of each file, so the figure is deterministic.
 */
export function firstLoadJs(route = "/page", distDir = path.join(process.cwd(), ".next")): FirstLoad {
  const build = JSON.parse(readFileSync(path.join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const manifestFile = path.join(distDir, "server", "app", `${route.slice(1)}_client-reference-manifest.js`);
  const sandbox = { globalThis: {} as Record<string, unknown> };
  runInNewContext(readFileSync(manifestFile, "utf8"), sandbox);
  const manifests = (sandbox.globalThis.__RSC_MANIFEST ?? {}) as Record<string, { entryJSFiles: Record<string, string[]> }>;
  const entries = manifests[route]?.entryJSFiles;
  if (!entries) throw new Error(`no client reference manifest for ${route} in ${manifestFile}`);
  const segments = ["[project]/src/app/layout", `[project]/src/app${route.replace(/\/page$/, "")}/page`];
  const files = new Set(build.rootMainFiles);
  for (const segment of segments) {
    if (!entries[segment]) throw new Error(`no entry chunks for ${segment}`);
    for (const file of entries[segment]) files.add(file);
  }
  const sized = [...files].map((file) => {
    const bytes = readFileSync(path.join(distDir, file));
    return {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const sum = (key: "raw" | "gzip" | "brotli") => sized.reduce((total, file) => total + file[key], 0);
  return { files: sized, raw: sum("raw"), gzip: sum("gzip"), brotli: sum("brotli") };
}
