import { NextResponse } from "next/server";

import { markReadRequestSchema } from "@/lib/notifications";
import { route } from "@/server/http";
import { markNoticesRead } from "@/server/notifications/notification-service";

/** Marks `{ ids }` or `{ all: true }` of the signed-in user's notifications read; every tab of theirs hears `notifications-read`. */
export const POST = route(
  { auth: "session", rateLimit: { user: "noticeWrites" }, body: { schema: markReadRequestSchema, maxBytes: 8_192 } },
  async ({ user, body }) => {
    const { ids, unread } = await markNoticesRead(user.id, body);
    return NextResponse.json({ read: ids, unread });
  },
);
