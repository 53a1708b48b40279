import { NextResponse, type NextRequest } from "next/server";

import { route } from "@/server/http";
import { requireMonitorViewer } from "@/server/monitor/access";
import { getMonitorSnapshot } from "@/server/monitor/snapshot";

export const dynamic = "force-dynamic";

/** Coaches (or the admin token): the monitor snapshot — app counters, realtime stats, channel occupancy. */
export const GET = route(async (request: NextRequest) => {
  await requireMonitorViewer(request);
  return NextResponse.json(await getMonitorSnapshot(), { headers: { "cache-control": "no-store" } });
});
