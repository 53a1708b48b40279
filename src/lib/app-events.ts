/**
 * The app events the admin API may trigger, one zod schema per channel and
 * event. The server validates what it sends with these; clients validate
 * what they receive with the same schemas.
 */
import { z } from "zod";

import { eventOnChannel, isAdminTriggerChannel, type ChannelKind } from "./channels";
import { appEventNameSchema, channelNameSchema } from "./schemas";

const text = (max: number) => z.string().trim().min(1).max(max);
const stamp = { id: z.string().max(64).optional(), sentAt: z.iso.datetime().optional() };

export const notificationSchema = z.strictObject({
  title: text(120),
  body: z.string().trim().max(500).optional(),
  level: z.enum(["info", "success", "warning"]).default("info"),
  ...stamp,
});
export type AppNotification = z.infer<typeof notificationSchema>;

export const announcementSchema = z.strictObject({
  message: text(500),
  author: z.string().trim().max(40).optional(),
  ...stamp,
});
export type Announcement = z.infer<typeof announcementSchema>;

export const progressUpdateSchema = z.strictObject({
  athlete: text(40),
  metric: text(60),
  value: z.number().finite(),
  unit: z.string().trim().max(16).optional(),
  note: z.string().trim().max(200).optional(),
  ...stamp,
});
export type ProgressUpdate = z.infer<typeof progressUpdateSchema>;

export const classUpdateSchema = z.strictObject({
  title: text(120),
  message: z.string().trim().max(500).optional(),
  ...stamp,
});
export type ClassUpdate = z.infer<typeof classUpdateSchema>;

export const attendanceSchema = z
  .strictObject({
    present: z.number().int().min(0).max(10_000),
    total: z.number().int().min(0).max(10_000),
    ...stamp,
  })
  .refine((value) => value.present <= value.total, "present cannot exceed total.");
export type Attendance = z.infer<typeof attendanceSchema>;

export const mentionSchema = z.object({
  messageId: z.string(),
  seq: z.number().int(),
  from: z.string(),
  excerpt: z.string(),
});
export type Mention = z.infer<typeof mentionSchema>;

/** Which events each kind of app channel carries, and their data. */
export const APP_EVENTS = {
  notification: { notification: notificationSchema },
  admin: { announcement: announcementSchema },
  progress: { "progress-update": progressUpdateSchema },
  class: { "class-update": classUpdateSchema, attendance: attendanceSchema },
  user: { notification: notificationSchema },
} satisfies Record<ChannelKind, Record<string, z.ZodType>>;

/** The schema for `event` on `channel`, or null when that channel does not carry it. */
export function appEventSchema(channel: string, event: string): z.ZodType | null {
  return eventOnChannel<z.ZodType>(APP_EVENTS, channel, event);
}

/** Channels the admin API may trigger on: read from the channel table in channels.ts. */
export const adminTriggerChannelSchema = channelNameSchema.refine(
  isAdminTriggerChannel,
  "Events can be triggered only on notification-channel, admin-channel, progress-channel, class-{id}-channel and private-user-{id}.",
);

/** The body of POST /api/pusher: an app event for an allow-listed channel (its data is checked per channel and event). */
export const adminTriggerRequestSchema = z.strictObject({
  channel: adminTriggerChannelSchema,
  event: appEventNameSchema,
  data: z.unknown().refine((data) => data !== undefined, "data is required."),
});
export type AdminTriggerRequest = z.infer<typeof adminTriggerRequestSchema>;

/** An event as the activity feeds keep it. */
export const activityItemSchema = z.object({
  id: z.string(),
  channel: z.string(),
  event: z.string(),
  data: z.unknown(),
  at: z.string(),
});
export type ActivityItem = z.infer<typeof activityItemSchema>;
