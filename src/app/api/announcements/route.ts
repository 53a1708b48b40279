import { NextResponse } from "next/server";

import { CHANNELS } from "@/lib/channels";
import { announcementRequestSchema } from "@/lib/schemas";
import { recentActivity } from "@/server/activity/activity-log";
import { triggerAdminEvent } from "@/server/admin-trigger";
import { route } from "@/server/http";

/** Recent announcements, newest first. */
export const GET = route({ auth: "reader" }, async () =>
  NextResponse.json({ items: await recentActivity(CHANNELS.admin, 10) }, { headers: { "Cache-Control": "no-store" } }),
);

/** A coach (or the admin token) broadcasts `{ message }` to everyone on admin-channel. */
export const POST = route(
  {
    auth: "coach",
    coachOnly: "Only coaches can send announcements.",
    rateLimit: { admin: "admin", user: "scores" },
    body: { schema: announcementRequestSchema, maxBytes: 16_384 },
  },
  async ({ body: { message }, user }) => {
    const author = user ? user.name : "Admin";
    const sent = await triggerAdminEvent({ channel: CHANNELS.admin, event: "announcement", data: { message, author } }, user?.id);
    return NextResponse.json({ announcement: { message, author, ...sent } }, { status: 201 });
  },
);
