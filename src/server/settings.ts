import "server-only";

import { resolveSettings, type Settings } from "@/config/settings";

const globalForSettings = globalThis as typeof globalThis & { __coachproSettings?: Settings };

/**
 * The validated settings of this server process, resolved once from the
 * environment (kept on globalThis so dev reloads reuse it).
 * Throws SettingsError naming the bad variable.
 */
export function getSettings(): Settings {
  globalForSettings.__coachproSettings ??= resolveSettings(process.env);
  return globalForSettings.__coachproSettings;
}
