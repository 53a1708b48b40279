import { NextResponse, type NextRequest } from "next/server";

import { adminTriggerSchema } from "@/lib/schemas";
import { triggerAdminEvent } from "@/server/admin-trigger";
import { requireAdminToken } from "@/server/guards";
import { readJson, route } from "@/server/http";
import { takeRateLimit } from "@/server/rate-limit";

/** Admin: triggers `{ channel, event, data }` on an allow-listed app channel. */
export const POST = route(async (request: NextRequest) => {
  const tokenKey = requireAdminToken(request);
  const limits = await takeRateLimit("admin", tokenKey);
  const trigger = await readJson(request, adminTriggerSchema);
  const { id, sentAt } = await triggerAdminEvent(trigger);
  return NextResponse.json({ triggered: { channel: trigger.channel, event: trigger.event, id, sentAt } }, { headers: limits });
});
