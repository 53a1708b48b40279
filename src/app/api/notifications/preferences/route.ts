import { NextResponse } from "next/server";

import { noticePreferencesUpdateSchema } from "@/lib/notifications";
import { route } from "@/server/http";
import { noticePreferences, setNoticePreferences } from "@/server/notifications/notification-service";

/** Which kinds of notification the signed-in user wants: `{ mentions, awards, announcements }`. */
export const GET = route({ auth: "session", rateLimit: { user: "noticeReads" } }, async ({ user }) =>
  NextResponse.json({ preferences: await noticePreferences(user.id) }, { headers: { "Cache-Control": "no-store" } }),
);

/** Turns kinds on or off (any of the three); a kind turned off is not stored for them from then on. */
export const PUT = route(
  { auth: "session", rateLimit: { user: "noticeWrites" }, body: { schema: noticePreferencesUpdateSchema, maxBytes: 1_024 } },
  async ({ user, body }) => NextResponse.json({ preferences: await setNoticePreferences(user.id, body) }),
);
