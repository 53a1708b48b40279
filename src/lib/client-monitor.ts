/**
 * The monitor snapshot (monitor.ts) as the browser checks it: zod/mini
 * instead of classic zod, kept in step by client-schemas.test.ts.
 */
import * as z from "zod/mini";

import type { MonitorSnapshot } from "./monitor";

const count = z.int().check(z.nonnegative());

export const monitorSnapshotSchema = z.object({
  mode: z.enum(["embedded", "hosted", "external"]),
  takenAt: z.string(),
  app: z.object({
    apiCalls: count,
    apiFailures: count,
    triggers: count,
    triggerFailures: count,
    channelAuths: count,
    channelAuthRefusals: count,
  }),
  realtime: z.nullable(
    z.object({
      connections: count,
      peakConnections: count,
      channels: count,
      subscriptions: count,
      messagesIn: count,
      messagesOut: count,
      apiCalls: count,
      errors: count,
      uptimeSeconds: count,
      restEvents: z.optional(count),
      errorsByKind: z.optional(z.record(z.string(), count)),
    }),
  ),
  realtimeError: z.optional(z.string()),
  occupancy: z.array(
    z.object({
      channel: z.string(),
      occupied: z.boolean(),
      subscriptionCount: z.optional(count),
      userCount: z.optional(count),
      channelCount: z.optional(count),
    }),
  ),
  occupancyError: z.optional(z.string()),
  store: z.object({ kind: z.enum(["memory", "redis"]), up: z.boolean() }),
  chat: z.nullable(z.object({ messagesLastMinute: count, capped: z.boolean() })),
}) satisfies z.ZodMiniType<MonitorSnapshot, unknown>;
