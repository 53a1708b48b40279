import type { ChannelAuthorizationHandler } from "pusher-js";

import type { PusherClientConfig } from "@/config/settings";
import { apiFetch } from "@/lib/api-client";

const AUTH_ENDPOINT = "/api/pusher/auth";

/**
 * pusher-js channel authorization through apiFetch instead of pusher-js's own
 * XHR, so it has the same deadline as every API call: a server that never
 * answers fails the subscription (and pusher-js tries again on reconnect)
 * instead of leaving it pending for ever.
 */
export const authorizeChannel: ChannelAuthorizationHandler = ({ socketId, channelName }, callback) => {
  apiFetch<{ auth: string; channel_data?: string; shared_secret?: string }>(AUTH_ENDPOINT, {
    form: { socket_id: socketId, channel_name: channelName },
  }).then(
    (data) => callback(null, data),
    (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
  );
};

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline";

/** pusher-js states: initialized, connecting, connected, unavailable, failed, disconnected. */
export function toConnectionStatus(state: string, hasConnectedBefore: boolean, browserOnline: boolean): ConnectionStatus {
  if (!browserOnline) return "offline";
  switch (state) {
    case "connected":
      return "connected";
    case "initialized":
    case "connecting":
      return hasConnectedBefore ? "reconnecting" : "connecting";
    default:
      return "offline";
  }
}

/** pusher-js options for a config rendered by the server; `pageHost` fills in the embedded server's host. */
export function pusherOptions(config: PusherClientConfig, pageHost: string) {
  const wsHost = config.wsHost ?? (config.wsPort === null ? undefined : pageHost);
  return {
    cluster: config.cluster,
    forceTLS: config.forceTLS,
    ...(wsHost ? { wsHost } : {}),
    ...(config.wsPort === null ? {} : { wsPort: config.wsPort, wssPort: config.wsPort }),
    // Only WebSockets: the HTTP fallbacks load their scripts from Pusher's CDN.
    enabledTransports: ["ws", "wss"] as ("ws" | "wss")[],
    disableStats: true,
    channelAuthorization: { endpoint: AUTH_ENDPOINT, transport: "ajax" as const, customHandler: authorizeChannel },
  };
}
