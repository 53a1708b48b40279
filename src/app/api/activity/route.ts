import { NextResponse, type NextRequest } from "next/server";

import { activityQuerySchema } from "@/lib/schemas";
import { recentActivity } from "@/server/activity/activity-log";
import { requireReader } from "@/server/guards";
import { readQuery, route } from "@/server/http";

/** Recent events of a public app channel (`?channel=`), newest first. */
export const GET = route(async (request: NextRequest) => {
  await requireReader(request);
  const { channel, limit } = readQuery(request, activityQuerySchema);
  return NextResponse.json({ items: recentActivity(channel, limit) }, { headers: { "Cache-Control": "no-store" } });
});
