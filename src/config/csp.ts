import type { Settings } from "./settings";

/**
 * The Content-Security-Policy of a page: scripts only from this origin or
 * carrying the request's nonce, and WebSockets only to the realtime origin
 * of the current mode.
 */
export function contentSecurityPolicy(options: {
  nonce: string;
  settings: Pick<Settings, "mode" | "client" | "production">;
  /** Host name the page was requested under (embedded mode connects there). */
  pageHostname: string;
}): string {
  const { nonce, settings, pageHostname } = options;
  const { client } = settings;
  const realtime = (() => {
    if (settings.mode === "hosted") return [`wss://ws-${client.cluster}.pusher.com`];
    const host = client.wsHost ?? pageHostname;
    const hostPort = `${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${client.wsPort}`;
    return client.forceTLS ? [`wss://${hostPort}`] : [`ws://${hostPort}`, `wss://${hostPort}`];
  })();
  const scripts = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`, ...(settings.production ? [] : [`'unsafe-eval'`])];
  const directives = [
    `default-src 'self'`,
    `script-src ${scripts.join(" ")}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' blob: data:`,
    `font-src 'self'`,
    // The push service worker (public/sw.js); 'strict-dynamic' would otherwise leave workers without a host source.
    `worker-src 'self'`,
    `connect-src 'self' ${realtime.join(" ")}${settings.production ? "" : " ws: wss:"}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ];
  return directives.join("; ");
}
