/**
 * Runs once when the Next server starts: validates the settings so a bad
 * value stops the process with one line naming the variable.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { resolveSettings, SettingsError } = await import("@/config/settings");
  try {
    resolveSettings(process.env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
