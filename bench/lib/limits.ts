/** What this machine allows the bench to open. */
import { execSync } from "node:child_process";

/** The soft `ulimit -n` of this process (children inherit it); undefined when no POSIX shell answers. */
export function openFilesLimit(): number | undefined {
  try {
    const text = execSync("ulimit -n", { shell: "/bin/sh", encoding: "utf8" }).trim();
    return text === "unlimited" ? Infinity : Number(text) || undefined;
  } catch {
    return undefined;
  }
}
