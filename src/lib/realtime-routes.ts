/**
 * The realtime REST API's route table (Pusher Channels' `/apps/{appId}/...`
 * endpoints plus this project's `stats`), written once and read by the
 * embedded server (routing and metric labels), the web app's metrics, the
 * tests and the bench. Isomorphic: no Node-only or Next imports.
 */

/** One endpoint: its label, method and path pattern after `/apps/{appId}`. */
export interface RealtimeRoute {
  /** Metric label and handler key; never contains a channel or user name. */
  readonly name: RealtimeRouteName;
  readonly method: "GET" | "POST";
  /** Segments after `/apps/{appId}`; `{param}` matches one non-empty segment. */
  readonly pattern: string;
}

export const REALTIME_ROUTE_NAMES = ["events", "batch_events", "channels", "channel", "channel_users", "terminate_connections", "stats"] as const;
export type RealtimeRouteName = (typeof REALTIME_ROUTE_NAMES)[number];

/** Every endpoint, in matching order. */
export const REALTIME_ROUTES: readonly RealtimeRoute[] = [
  { name: "events", method: "POST", pattern: "/events" },
  { name: "batch_events", method: "POST", pattern: "/batch_events" },
  { name: "channels", method: "GET", pattern: "/channels" },
  { name: "channel", method: "GET", pattern: "/channels/{channel}" },
  { name: "channel_users", method: "GET", pattern: "/channels/{channel}/users" },
  { name: "terminate_connections", method: "POST", pattern: "/users/{userId}/terminate_connections" },
  // Not in hosted Pusher's API: the embedded server's counters for the app's monitor.
  { name: "stats", method: "GET", pattern: "/stats" },
];

const BY_NAME = new Map(REALTIME_ROUTES.map((route) => [route.name, route]));
const COMPILED = REALTIME_ROUTES.map((route) => ({ route, segments: route.pattern.split("/").slice(1) }));

/** A matched route and the values of its `{param}` segments. */
export interface RealtimeRouteMatch {
  route: RealtimeRoute;
  params: Record<string, string>;
}

/**
 * Matches a path after `/apps/{appId}` (for example `/channels/chat/users`,
 * query string ignored) against the table. Segments are compared as given:
 * decode them first if the caller needs decoded parameters.
 */
export function matchRealtimeRoute(path: string): RealtimeRouteMatch | undefined {
  const segments = (path.split("?", 1)[0] ?? "").split("/").slice(1);
  for (const { route, segments: pattern } of COMPILED) {
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const segment = segments[i]!;
      if (!part.startsWith("{")) return part === segment;
      params[part.slice(1, -1)] = segment;
      return segment.length > 0;
    });
    if (matches) return { route, params };
  }
  return undefined;
}

/** The endpoint label of a path after `/apps/{appId}`, or undefined for a path outside the table. */
export function realtimeEndpointLabel(path: string): RealtimeRouteName | undefined {
  return matchRealtimeRoute(path)?.route.name;
}

/**
 * The path of an endpoint after `/apps/{appId}` (what the `pusher` SDK's
 * `get({ path })` takes), each parameter URL-encoded. Throws when a
 * parameter the pattern names is missing.
 */
export function realtimeRoutePath(name: RealtimeRouteName, params: Record<string, string> = {}): string {
  const route = BY_NAME.get(name)!;
  return route.pattern.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined || value === "") throw new Error(`realtimeRoutePath(${name}) needs ${key}`);
    return encodeURIComponent(value);
  });
}

/** The full path of an endpoint, `/apps/{appId}/...`; see `realtimeRoutePath`. */
export function realtimePath(appId: string, name: RealtimeRouteName, params: Record<string, string> = {}): string {
  return `/apps/${encodeURIComponent(appId)}${realtimeRoutePath(name, params)}`;
}

/** The method an endpoint takes. */
export function realtimeMethod(name: RealtimeRouteName): "GET" | "POST" {
  return BY_NAME.get(name)!.method;
}
