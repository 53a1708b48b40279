import { NextResponse } from "next/server";

import { adminTriggerRequestSchema } from "@/lib/app-events";
import { triggerAdminEvent } from "@/server/admin-trigger";
import { route } from "@/server/http";

/** Admin: triggers `{ channel, event, data }` on an allow-listed app channel. */
export const POST = route({ auth: "admin", rateLimit: { admin: "admin" }, body: { schema: adminTriggerRequestSchema } }, async ({ body }) => {
  const { id, sentAt } = await triggerAdminEvent(body);
  return NextResponse.json({ triggered: { channel: body.channel, event: body.event, id, sentAt } });
});
