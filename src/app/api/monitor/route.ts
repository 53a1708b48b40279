import { NextResponse } from "next/server";

import { route } from "@/server/http";
import { getMonitorSnapshot } from "@/server/monitor/snapshot";

export const dynamic = "force-dynamic";

/** Coaches (or the admin token): the monitor snapshot — app counters, realtime stats, channel occupancy. */
export const GET = route({ auth: "coach", coachOnly: "Only coaches can see the monitor." }, async () =>
  NextResponse.json(await getMonitorSnapshot(), { headers: { "cache-control": "no-store" } }),
);
