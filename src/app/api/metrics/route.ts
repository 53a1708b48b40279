import type { NextRequest } from "next/server";

import { requireAdminToken } from "@/server/guards";
import { route } from "@/server/http";
import { appPrometheus } from "@/server/monitor/app-metrics";

export const dynamic = "force-dynamic";

/** Admin token: this web process's own metrics in Prometheus text (the realtime server has its own `/metrics`). */
export const GET = route(async (request: NextRequest) => {
  requireAdminToken(request);
  const { contentType, body } = await appPrometheus();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
