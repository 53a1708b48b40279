/**
 * The Channels REST API under `/apps/{appId}/...`, as the `pusher` SDK 5.3
 * calls it. Cheap checks before expensive ones: the route (from the shared
 * route table), then the key, timestamp and signature — none needs the body,
 * so a forged request is refused before its body is read — then the body,
 * its `body_md5`, zod validation and the hub action. Errors are plain text
 * with a matching status (the SDK only reads the status).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { readBody, parseQuery, RestError } from "./http-input";
import type { Hub } from "./hub";
import { matchRealtimeRoute, type RealtimeRouteName } from "../lib/realtime-routes";
import type { ApiEndpoint } from "./metrics";
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
import { RestAuthError, verifyBodyMd5, verifyRestSignature } from "./signature";

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
      const match = matchRealtimeRoute(`/${segments.slice(2).join("/")}`);
      endpoint = match?.route.name ?? "unknown";
      if (segments[1] !== options.appId) throw new RestError(404, `Unknown app ${segments[1]?.slice(0, 64)}`);
      if (!match) throw new RestError(404, "Not found");
      const method = req.method ?? "GET";
      if (method !== match.route.method) throw new RestError(405, `Use ${match.route.method}`);

      // Everything that needs no body first: a forged request never gets its body read.
      const params = parseQuery(queryStart === -1 ? "" : url.slice(queryStart + 1));
      const line = { key: options.key, secret: options.secret, method, path, params, nowSeconds: Math.floor(now() / 1000) };
      const signatureError = verifyRestSignature(line);
      if (signatureError) throw signatureError;
      const body = await readBody(req, Limits.REQUEST_BODY_MAX_BYTES);
      const bodyError = verifyBodyMd5(params, body);
      if (bodyError) throw bodyError;
      status = send(res, 200, ROUTES[match.route.name](options.hub, { ...match.params }, params, body));
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

type Route = (hub: Hub, path: Readonly<Record<string, string>>, query: Query, body: string) => Json;

/** One handler per endpoint of the shared route table (method and path are checked against the table). */
const ROUTES: Record<RealtimeRouteName, Route> = {
  events: (hub, _path, query, body) => triggerEvents(hub, query, body),
  batch_events: (hub, _path, query, body) => triggerBatch(hub, query, body),
  channels: (hub, _path, query) => listChannels(hub, query),
  channel: (hub, path, query) => channelInfo(hub, path.channel!, query),
  channel_users: (hub, path) => channelUsers(hub, path.channel!),
  terminate_connections: (hub, path) => terminateConnections(hub, path.userId!),
  stats: (hub) => ({ ...hub.stats() }),
};

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
