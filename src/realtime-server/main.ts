/**
 * `npm run realtime`: the embedded server alone, configured from the
 * environment through the shared settings module, reading only the settings
 * it uses (port and app credentials). Run with `tsx`.
 */
import { resolveRealtimeSettings, SettingsError, type RealtimeServerSettings } from "../config/settings";
import { startRealtimeServer } from "./server";

async function main(): Promise<void> {
  let settings: RealtimeServerSettings;
  try {
    settings = resolveRealtimeSettings(process.env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }

  const { appId, key, secret } = settings;
  const server = await startRealtimeServer({ appId, key, secret, port: settings.realtimePort, processMetrics: true });
  // Handlers go in before anyone learns we are ready: a parent may signal the moment it hears.
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`realtime: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // Started by the launcher: never outlive it, even if it dies without a word.
  if (process.send) process.once("disconnect", stop);
  console.log(`realtime: Pusher-compatible server listening on :${server.port} (app ${appId})`);
  process.send?.({ type: "ready", port: server.port });
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = code === "EADDRINUSE" ? "the realtime port is already in use (set REALTIME_PORT)" : String(error);
  process.stderr.write(`realtime: could not start: ${message}\n`);
  process.exit(1);
});
