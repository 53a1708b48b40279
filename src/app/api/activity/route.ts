import { NextResponse } from "next/server";

import { activityQuerySchema } from "@/lib/schemas";
import { recentActivity } from "@/server/activity/activity-log";
import { route } from "@/server/http";

/** Recent events of a public app channel (`?channel=`), newest first. */
export const GET = route({ auth: "reader", query: activityQuerySchema }, async ({ query }) =>
  NextResponse.json({ items: await recentActivity(query.channel, query.limit) }, { headers: { "Cache-Control": "no-store" } }),
);
