import type { PusherClientConfig } from "@/config/settings";

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
    channelAuthorization: { endpoint: "/api/pusher/auth", transport: "ajax" as const },
  };
}
