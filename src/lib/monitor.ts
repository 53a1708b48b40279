/**
 * The monitor's snapshot: what `GET /api/monitor` answers and the Monitor
 * tab reads. One schema for the route's output, the realtime server's
 * `/stats` answer and the browser's parse. Isomorphic.
 */
import { z } from "zod";

const count = z.number().int().nonnegative();

/** The embedded server's cumulative counters (`GET /apps/{appId}/stats`). */
export const realtimeStatsSchema = z.object({
  connections: count,
  peakConnections: count,
  channels: count,
  subscriptions: count,
  messagesIn: count,
  messagesOut: count,
  apiCalls: count,
  errors: count,
  uptimeSeconds: count,
  restEvents: count.optional(),
  errorsByKind: z.record(z.string(), count).optional(),
});
export type RealtimeStatsView = z.infer<typeof realtimeStatsSchema>;

/** What this web process itself counted since it started. */
export const appCountersSchema = z.object({
  /** REST calls the app made to the realtime service (triggers, channel queries, these stats). */
  apiCalls: count,
  /** Of those, refused or unanswered. */
  apiFailures: count,
  /** Events the app triggered (a batch counts each event). */
  triggers: count,
  triggerFailures: count,
  /** pusher-js channel authorizations signed, and refused. */
  channelAuths: count,
  channelAuthRefusals: count,
});
export type AppCounters = z.infer<typeof appCountersSchema>;

/** One channel's occupancy; `private-user-*` channels are summed into one row. */
export const occupancyRowSchema = z.object({
  channel: z.string(),
  occupied: z.boolean(),
  /** Connections subscribed; absent when the service does not report it. */
  subscriptionCount: count.optional(),
  /** Distinct users, presence channels only. */
  userCount: count.optional(),
  /** Set on summary rows: how many channels the row sums. */
  channelCount: count.optional(),
});
export type OccupancyRow = z.infer<typeof occupancyRowSchema>;

/** Where state lives and whether it answers (what /api/health reports). */
export const storeStateSchema = z.object({ kind: z.enum(["memory", "redis"]), up: z.boolean() });
export type StoreState = z.infer<typeof storeStateSchema>;

/** Chat messages posted in the minute before the snapshot (from the chat store, so every instance's count). */
export const chatActivitySchema = z.object({
  messagesLastMinute: count,
  /** True when the count reached the most the snapshot reads (it shows as "100+"). */
  capped: z.boolean(),
});
export type ChatActivity = z.infer<typeof chatActivitySchema>;

export const monitorSnapshotSchema = z.object({
  mode: z.enum(["embedded", "hosted", "external"]),
  /** ISO-8601. */
  takenAt: z.string(),
  app: appCountersSchema,
  /** null in hosted mode (Pusher has no such endpoint) or when the server could not be asked. */
  realtime: realtimeStatsSchema.nullable(),
  /** Why `realtime` is null, when it should not be. */
  realtimeError: z.string().optional(),
  occupancy: z.array(occupancyRowSchema),
  occupancyError: z.string().optional(),
  store: storeStateSchema,
  /** null when the chat store could not be read. */
  chat: chatActivitySchema.nullable(),
});
export type MonitorSnapshot = z.infer<typeof monitorSnapshotSchema>;
