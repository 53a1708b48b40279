import "server-only";

import { z } from "zod";

import { CHANNELS, CLASS_PRESENCE_PREFIX, USER_CHANNEL_PREFIX } from "@/lib/channels";
import { CALL_CHANNEL_PREFIX } from "@/lib/calls";
import { realtimeStatsSchema, type ChatActivity, type MonitorSnapshot, type OccupancyRow, type RealtimeStatsView } from "@/lib/monitor";

import { RealtimeUnavailableError, StoreUnavailableError } from "../errors";
import { queryRealtime, realtimeClientIdentity, realtimeDeadlineMs } from "../realtime-gateway";
import { listMessages } from "../chat/chat-service";
import { getSettings } from "../settings";
import { checkStoreHealth } from "../store/store-health";
import { appCounters } from "./app-metrics";

/** Viewers polling together share one snapshot this fresh (three REST calls each). */
const SHARE_MS = 1_000;
/** The most recent chat messages read to count the last minute's ("100+" beyond). */
const CHAT_WINDOW_READ = 100;
const MINUTE_MS = 60_000;
/** Other channels listed one by one, at most; beyond that the table would only scroll. */
const MAX_OTHER_ROWS = 50;
const APP_CHANNELS: readonly string[] = Object.values(CHANNELS);

/** A monitor read that failed; `message` is fit to show a coach. */
export class MonitorReadError extends Error {
  override name = "MonitorReadError";
}

const channelsSchema = z.object({
  channels: z.record(z.string(), z.object({ subscription_count: z.number().int().nonnegative().optional(), user_count: z.number().int().nonnegative().optional() })),
});

let shared: { client: object; at: number; snapshot: Promise<MonitorSnapshot> } | undefined;

/**
 * What the Monitor tab shows: this process's own counters, the realtime
 * server's (embedded or external: its signed `/stats`; hosted Pusher has
 * none) and channel occupancy from the Channels REST API. A part that cannot
 * be read is reported in `realtimeError` / `occupancyError`; this never
 * throws for an unreachable or unusual service.
 */
export function getMonitorSnapshot(): Promise<MonitorSnapshot> {
  const client = realtimeClientIdentity();
  const now = Date.now();
  if (!shared || shared.client !== client || now - shared.at > SHARE_MS) {
    shared = { client, at: now, snapshot: takeSnapshot() };
  }
  return shared.snapshot;
}

async function takeSnapshot(): Promise<MonitorSnapshot> {
  const { mode } = getSettings();
  const [realtime, occupancy, store, chat] = await Promise.all([
    mode === "hosted" ? Promise.resolve(undefined) : settle(readStats()),
    settle(readOccupancy()),
    checkStoreHealth(),
    store503AsNull(chatLastMinute()),
  ]);
  // Read last, so the calls just made are counted.
  const app = await appCounters();
  return {
    mode,
    takenAt: new Date().toISOString(),
    app,
    realtime: realtime?.value ?? null,
    ...(realtime?.error ? { realtimeError: realtime.error } : {}),
    occupancy: occupancy.value ?? [],
    ...(occupancy.error ? { occupancyError: occupancy.error } : {}),
    store,
    chat,
  };
}

/** How many chat messages were posted in the last minute, read from the chat store (so every instance's). */
async function chatLastMinute(now = Date.now()): Promise<ChatActivity> {
  const { messages } = await listMessages({ limit: CHAT_WINDOW_READ });
  const recent = messages.filter((message) => now - Date.parse(message.timestamp) <= MINUTE_MS).length;
  return { messagesLastMinute: recent, capped: recent >= CHAT_WINDOW_READ };
}

/** A store that cannot be read leaves its part out (the store's own state says why); a bug is logged. */
async function store503AsNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) console.error("coachpro: monitor read failed", error);
    return null;
  }
}

async function readStats(): Promise<RealtimeStatsView> {
  const body = await getJson("/stats", undefined, "stats");
  const parsed = realtimeStatsSchema.safeParse(body);
  if (!parsed.success) throw new MonitorReadError("The realtime server sent stats in an unexpected shape.");
  return parsed.data;
}

/**
 * Every occupied channel with its subscription count, and presence user
 * counts. Hosted Pusher reports `subscription_count` only when the app
 * enables it; refused, the list is read again with names alone.
 */
async function readOccupancy(): Promise<OccupancyRow[]> {
  // Both settle before either failure is reported, so the counters read next include both calls.
  const [all, presence] = await Promise.allSettled([
    getJson("/channels", { info: "subscription_count" }, "channels").catch((error: unknown) => {
      if (error instanceof StatusError && error.status === 400) return getJson("/channels", undefined, "channels");
      throw error;
    }),
    getJson("/channels", { filter_by_prefix: "presence-", info: "user_count" }, "channels"),
  ]);
  const parse = (result: PromiseSettledResult<unknown>) => {
    if (result.status === "rejected") throw result.reason;
    const parsed = channelsSchema.safeParse(result.value);
    if (!parsed.success) throw new MonitorReadError("The realtime service listed channels in an unexpected shape.");
    return parsed.data.channels;
  };
  return occupancyRows(parse(all), parse(presence));
}

type ChannelInfo = z.infer<typeof channelsSchema>["channels"];

/**
 * Table rows: the app's own channels always (0 when empty), other channels
 * by name (at most 50), and two families summed in one row each:
 * `private-user-*` (one per signed-in person would drown the rest),
 * `presence-class-*` (how many classes have someone on their page, and how
 * many people in all) and `presence-call-*` (calls going on, people in them).
 */
export function occupancyRows(all: ChannelInfo, presence: ChannelInfo): OccupancyRow[] {
  const countsKnown = Object.values(all).some((info) => info.subscription_count !== undefined) || Object.keys(all).length === 0;
  const row = (channel: string): OccupancyRow => {
    const info = all[channel] ?? presence[channel];
    const userCount = presence[channel]?.user_count;
    return {
      channel,
      occupied: info !== undefined,
      ...(countsKnown ? { subscriptionCount: all[channel]?.subscription_count ?? 0 } : {}),
      ...(channel.startsWith("presence-") ? { userCount: userCount ?? 0 } : {}),
    };
  };
  const names = new Set([...Object.keys(all), ...Object.keys(presence)]);
  const families = [USER_CHANNEL_PREFIX, CLASS_PRESENCE_PREFIX, CALL_CHANNEL_PREFIX];
  const others = [...names].filter((name) => !APP_CHANNELS.includes(name) && !families.some((prefix) => name.startsWith(prefix))).sort();
  const rows = [...APP_CHANNELS.map(row), ...others.slice(0, MAX_OTHER_ROWS).map(row)];
  for (const prefix of families) {
    const members = [...names].filter((name) => name.startsWith(prefix));
    if (members.length === 0) continue;
    rows.push({
      channel: `${prefix}*`,
      occupied: true,
      channelCount: members.length,
      ...(countsKnown ? { subscriptionCount: members.reduce((sum, name) => sum + (all[name]?.subscription_count ?? 0), 0) } : {}),
      ...(prefix.startsWith("presence-") ? { userCount: members.reduce((sum, name) => sum + (presence[name]?.user_count ?? 0), 0) } : {}),
    });
  }
  return rows;
}

class StatusError extends MonitorReadError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A signed GET through the gateway (which bounds it in time); failures become messages for a coach. */
async function getJson(path: string, params: Record<string, string> | undefined, what: string): Promise<unknown> {
  try {
    return await queryRealtime(path, params);
  } catch (error) {
    if (!(error instanceof RealtimeUnavailableError)) throw error;
    const status = error.upstreamStatus;
    if (error.failure === "timeout") {
      throw new MonitorReadError(`Could not reach the realtime server (no answer within ${realtimeDeadlineMs() / 1000} s).`);
    }
    if (status === undefined) throw new MonitorReadError("Could not reach the realtime server.");
    if (status === 404 && what === "stats") throw new StatusError(status, "This realtime server does not report stats (only the embedded server does).");
    if (status === 401 || status === 403) throw new StatusError(status, `The realtime service refused the app's credentials (${status}).`);
    throw new StatusError(status, `The realtime service answered ${status} to the ${what} query.`);
  }
}

async function settle<T>(read: Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await read };
  } catch (error) {
    if (error instanceof MonitorReadError) return { error: error.message };
    // A bug, not the service: still no 500 for a monitor, but keep the trace.
    console.error("coachpro: monitor read failed", error);
    return { error: "The monitor could not read this part." };
  }
}
