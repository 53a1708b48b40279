import { NextResponse } from "next/server";

import { noticeListQuerySchema } from "@/lib/notifications";
import { route } from "@/server/http";
import { listNotices } from "@/server/notifications/notification-service";

/** The signed-in user's newest notifications (`?limit=`, 1–100, default 50), newest first, with the unread count. */
export const GET = route({ auth: "session", rateLimit: { user: "noticeReads" }, query: noticeListQuerySchema }, async ({ user, query }) =>
  NextResponse.json(await listNotices(user.id, query.limit), { headers: { "Cache-Control": "no-store" } }),
);
