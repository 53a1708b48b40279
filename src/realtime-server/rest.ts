/**
 * The Channels REST API under `/apps/{appId}/...`, as the `pusher` SDK 5.3
 * calls it: signature check, then routing, zod validation and hub actions.
 * Errors are plain text with a matching status (the SDK only reads the status).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { readBody, parseQuery, RestError } from "./http-input";
import type { Hub } from "./hub";
import { restEndpoint, type ApiEndpoint } from "./metrics";
import {
  classifyChannel,
  CloseCode,
  isDataWithinLimit,
  isReservedEventName,
  isValidChannelName,
  isValidEventName,
  isValidSocketId,
  Limits,
} from "./protocol";
import { RestAuthError, verifyRestRequest } from "./signature";

export interface RestOptions {
  appId: string;
  key: string;
  secret: string;
  hub: Hub;
  log: (line: string) => void;
  /** Clock for the timestamp check, in milliseconds. */
  now?: () => number;
}

type Json = Record<string, unknown>;
type Query = ReadonlyMap<string, string>;

const eventFields = {
  name: z.string(),
  data: z.string(),
  socket_id: z.string().optional(),
  info: z.string().optional(),
};
const eventBody = z.object({ ...eventFields, channel: z.string().optional(), channels: z.array(z.string()).optional() });
const batchBody = z.object({ batch: z.array(z.object({ ...eventFields, channel: z.string() })) });

interface ValidEvent {
  name: string;
  data: string;
  channels: string[];
  socketId: string | undefined;
  info: string[];
}

/** Returns the request handler for every `/apps/...` path. */
export function createRestHandler(options: RestOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const now = options.now ?? Date.now;
  return async (req, res) => {
    let endpoint: ApiEndpoint = "unknown";
    let status: number;
    try {
      const url = req.url ?? "/";
      const queryStart = url.indexOf("?");
      const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
      const path = decodePath(rawPath);
      const segments = path.split("/").slice(1);
      if (segments[0] !== "apps" || segments.length < 3) throw new RestError(404, "Not found");
      endpoint = restEndpoint(segments.slice(2));
      if (segments[1] !== options.appId) throw new RestError(404, `Unknown app ${segments[1]?.slice(0, 64)}`);

      const route = resolveRoute(req.method ?? "GET", segments.slice(2));
      const body = await readBody(req, Limits.REQUEST_BODY_MAX_BYTES);
      const params = parseQuery(queryStart === -1 ? "" : url.slice(queryStart + 1));
      const authError = verifyRestRequest({
        key: options.key,
        secret: options.secret,
        method: req.method ?? "GET",
        path,
        params,
        body,
        nowSeconds: Math.floor(now() / 1000),
      });
      if (authError) throw authError;
      status = send(res, 200, route(options.hub, params, body));
    } catch (error) {
      if (error instanceof RestError || error instanceof RestAuthError) {
        status = send(res, error.status, `${error.message}\n`);
      } else {
        // Only a bug gets here: client input is validated above.
        options.log(`realtime: REST ${req.method} ${req.url?.slice(0, 200)} failed: ${error instanceof Error ? error.stack : String(error)}`);
        status = send(res, 500, "Internal error\n");
      }
    }
    options.hub.metrics.countApiCall(endpoint, status);
  };
}

type Route = (hub: Hub, query: Query, body: string) => Json;

function resolveRoute(method: string, rest: string[]): Route {
  const [first, second, third] = rest;
  const allow = (expected: string, route: Route): Route => {
    if (method !== expected) throw new RestError(405, `Use ${expected}`);
    return route;
  };
  if (rest.length === 1 && first === "events") return allow("POST", triggerEvents);
  if (rest.length === 1 && first === "batch_events") return allow("POST", triggerBatch);
  if (rest.length === 1 && first === "channels") return allow("GET", listChannels);
  // Not in hosted Pusher's API: this server's counters for the app's monitor (signed like every call).
  if (rest.length === 1 && first === "stats") return allow("GET", (hub) => ({ ...hub.stats() }));
  if (rest.length === 2 && first === "channels") return allow("GET", (hub, query) => channelInfo(hub, second!, query));
  if (rest.length === 3 && first === "channels" && third === "users") return allow("GET", (hub) => channelUsers(hub, second!));
  if (rest.length === 3 && first === "users" && third === "terminate_connections") {
    return allow("POST", (hub) => terminateConnections(hub, second!));
  }
  throw new RestError(404, "Not found");
}

function triggerEvents(hub: Hub, _query: Query, body: string): Json {
  const parsed = eventBody.safeParse(parseJsonBody(body));
  if (!parsed.success) throw new RestError(400, "Body needs name, data (a string) and channel or channels");
  const { channel, channels } = parsed.data;
  if ((channel === undefined) === (channels === undefined)) throw new RestError(400, "Give exactly one of channel or channels");
  const event = validateEvent({ ...parsed.data, channels: channels ?? [channel!] });
  publish(hub, event);
  return event.info.length ? { channels: Object.fromEntries(event.channels.map((name) => [name, attributes(hub, name, event.info)])) } : {};
}

function triggerBatch(hub: Hub, _query: Query, body: string): Json {
  const parsed = batchBody.safeParse(parseJsonBody(body));
  if (!parsed.success) throw new RestError(400, "Body needs batch: [{channel, name, data}]");
  const { batch } = parsed.data;
  if (batch.length > Limits.BATCH_MAX) throw new RestError(400, `Batch of ${batch.length} events; at most ${Limits.BATCH_MAX}`);
  const events = batch.map((item) => validateEvent({ ...item, channels: [item.channel] }));
  for (const event of events) publish(hub, event);
  if (!events.some((event) => event.info.length)) return {};
  return { batch: events.map((event) => attributes(hub, event.channels[0]!, event.info)) };
}

function validateEvent(input: { name: string; data: string; channels: string[]; socket_id?: string; info?: string }): ValidEvent {
  const { name, data, channels } = input;
  if (channels.length === 0) throw new RestError(400, "No channel given");
  if (channels.length > Limits.CHANNELS_PER_TRIGGER) {
    throw new RestError(400, `${channels.length} channels; at most ${Limits.CHANNELS_PER_TRIGGER} per event`);
  }
  const bad = channels.find((channel) => !isValidChannelName(channel));
  if (bad !== undefined) throw new RestError(400, `Invalid channel name ${JSON.stringify(bad.slice(0, 200))}`);
  if (!isValidEventName(name) || isReservedEventName(name)) throw new RestError(400, "Invalid event name");
  if (!isDataWithinLimit(data)) throw new RestError(413, `Event data larger than ${Limits.DATA_MAX_BYTES} bytes`);
  if (input.socket_id !== undefined && !isValidSocketId(input.socket_id)) throw new RestError(400, "Invalid socket_id");
  return { name, data, channels, socketId: input.socket_id, info: splitInfo(input.info) };
}

function publish(hub: Hub, event: ValidEvent): void {
  for (const channel of event.channels) {
    hub.publish({ channel, event: event.name, data: event.data, exceptSocketId: event.socketId });
  }
  hub.metrics.countRestEvents(event.channels.length);
}

function listChannels(hub: Hub, query: Query): Json {
  const prefix = query.get("filter_by_prefix") ?? "";
  const info = splitInfo(query.get("info"));
  if (info.includes("user_count") && !prefix.startsWith("presence-")) {
    throw new RestError(400, "info=user_count needs filter_by_prefix=presence-");
  }
  const channels: Record<string, Json> = {};
  for (const name of hub.registry.occupied()) {
    if (name.startsWith(prefix) && !name.startsWith("#")) channels[name] = attributes(hub, name, info);
  }
  return { channels };
}

function channelInfo(hub: Hub, name: string, query: Query): Json {
  const info = splitInfo(query.get("info"));
  requireValidName(name);
  if (info.includes("user_count") && classifyChannel(name).kind !== "presence") {
    throw new RestError(400, "user_count is only available on presence channels");
  }
  return { occupied: hub.registry.subscriptionCount(name) > 0, ...attributes(hub, name, info) };
}

function channelUsers(hub: Hub, name: string): Json {
  requireValidName(name);
  if (classifyChannel(name).kind !== "presence") throw new RestError(400, "Users are only listed for presence channels");
  return { users: hub.registry.presence(name).ids.map((id) => ({ id })) };
}

function terminateConnections(hub: Hub, userId: string): Json {
  if (userId.length === 0 || userId.length > Limits.USER_ID_MAX) throw new RestError(400, "Invalid user id");
  hub.terminateUser(userId, CloseCode.UNAUTHORIZED, "Connection terminated by the app");
  return {};
}

/** The requested `info` attributes that apply to this channel. */
function attributes(hub: Hub, channel: string, info: string[]): Json {
  const out: Json = {};
  if (info.includes("user_count") && classifyChannel(channel).kind === "presence") out.user_count = hub.registry.userCount(channel);
  if (info.includes("subscription_count")) out.subscription_count = hub.registry.subscriptionCount(channel);
  return out;
}

function splitInfo(info: string | undefined): string[] {
  return info ? info.split(",").map((part) => part.trim()) : [];
}

function requireValidName(name: string): void {
  if (!isValidChannelName(name)) throw new RestError(400, "Invalid channel name");
}

function parseJsonBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new RestError(400, "Body is not valid JSON");
  }
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new RestError(400, "Malformed path");
  }
}

/** Answers once; returns the status the call counts as. */
function send(res: ServerResponse, status: number, body: Json | string): number {
  if (res.headersSent) return res.statusCode;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
    "content-length": Buffer.byteLength(text),
    // After an error the request body may be unread (oversized): do not reuse the socket.
    ...(status >= 400 ? { connection: "close" } : {}),
  });
  res.end(text);
  return status;
}
