/**
 * The monitor snapshot (monitor.ts) as the browser checks it: a light guard
 * instead of zod, kept in step by client-schemas.test.ts.
 */
import { guard, int, nullable, object, oneOf, optional, string, boolean, array, fail, type Guard } from "./guard";
import type { MonitorSnapshot } from "./monitor";

const count = int({ min: 0 });

const countsByKind = guard((value) => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail("Expected an object.");
  const out: Record<string, number> = {};
  for (const [key, entry] of Object.entries(value)) out[key] = count.check(entry);
  return out;
});

export const monitorSnapshotSchema = object({
  mode: oneOf(["embedded", "hosted", "external"]),
  takenAt: string(),
  app: object({
    apiCalls: count,
    apiFailures: count,
    triggers: count,
    triggerFailures: count,
    channelAuths: count,
    channelAuthRefusals: count,
  }),
  realtime: nullable(
    object({
      connections: count,
      peakConnections: count,
      channels: count,
      subscriptions: count,
      messagesIn: count,
      messagesOut: count,
      apiCalls: count,
      errors: count,
      uptimeSeconds: count,
      restEvents: optional(count),
      errorsByKind: optional(countsByKind),
    }),
  ),
  realtimeError: optional(string()),
  occupancy: array(
    object({
      channel: string(),
      occupied: boolean,
      subscriptionCount: optional(count),
      userCount: optional(count),
      channelCount: optional(count),
    }),
  ),
  occupancyError: optional(string()),
}) satisfies Guard<MonitorSnapshot>;
