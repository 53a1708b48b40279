import { resolveSettings, SettingsError } from "@/config/settings";

try {
  resolveSettings(process.env);
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
