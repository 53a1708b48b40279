import http from "node:http";

import { PEER_HEADER } from "@/config/client-address";
import { resolveSettings, SettingsError } from "@/config/settings";

try {
  resolveSettings(process.env);
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// Route handlers never see the socket; record its address on every request,
// replacing anything a client sent under the same name (src/config/client-address.ts).
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
  if (event === "request") {
    const request = args[0] as http.IncomingMessage;
    request.headers[PEER_HEADER] = request.socket?.remoteAddress ?? "";
  }
  return Reflect.apply(emit, this, [event, ...args]) as boolean;
} as typeof emit;
