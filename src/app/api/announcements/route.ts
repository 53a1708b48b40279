import { NextResponse, type NextRequest } from "next/server";

import { CHANNELS } from "@/lib/channels";
import { announcementRequestSchema } from "@/lib/schemas";
import { recentActivity } from "@/server/activity/activity-log";
import { triggerAdminEvent } from "@/server/admin-trigger";
import { requireReader, requireScoreAuthority } from "@/server/guards";
import { readJson, route } from "@/server/http";
import { takeRateLimit } from "@/server/rate-limit";
import { readSession } from "@/server/session";

/** Recent announcements, newest first. */
export const GET = route(async (request: NextRequest) => {
  await requireReader(request);
  return NextResponse.json({ items: recentActivity(CHANNELS.admin, 10) }, { headers: { "Cache-Control": "no-store" } });
});

/** A coach (or the admin token) broadcasts `{ message }` to everyone on admin-channel. */
export const POST = route(async (request: NextRequest) => {
  const authority = await requireScoreAuthority(request);
  const limits = await takeRateLimit(authority.kind === "admin" ? "admin" : "scores", authority.key);
  const { message } = await readJson(request, announcementRequestSchema);
  const author = authority.kind === "coach" ? (await readSession(request))?.name : "Admin";
  const sent = await triggerAdminEvent({ channel: CHANNELS.admin, event: "announcement", data: { message, author } });
  return NextResponse.json({ announcement: { message, author, ...sent } }, { status: 201, headers: limits });
});
