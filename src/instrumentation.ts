/**
 * Runs once when the Next server starts: validates the settings so a bad
 * value stops the process with one line naming the variable.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
