import { NextResponse } from "next/server";

import { getSettings } from "@/server/settings";

export const dynamic = "force-dynamic";

/** Liveness and the realtime mode this deployment runs in. */
export function GET() {
  return NextResponse.json({ ok: true, realtime: getSettings().mode });
}
