import { NextResponse } from "next/server";

import { pushSubscriptionSchema, pushUnsubscribeSchema } from "@/lib/push";
import { route } from "@/server/http";
import { subscribe, unsubscribe } from "@/server/push/push-service";

/** Subscribes this device (a PushSubscription's JSON) to the signed-in person's notices. */
export const POST = route(
  { auth: "session", rateLimit: { user: "pushDevices" }, body: { schema: pushSubscriptionSchema, maxBytes: 4_096 } },
  async ({ user, body }) => {
    await subscribe(user.id, body);
    return NextResponse.json({ subscribed: true }, { status: 201 });
  },
);

/** Unsubscribes one of the signed-in person's devices by its endpoint. */
export const DELETE = route(
  { auth: "session", rateLimit: { user: "pushDevices" }, body: { schema: pushUnsubscribeSchema, maxBytes: 4_096 } },
  async ({ user, body }) => {
    const removed = await unsubscribe(user.id, body.endpoint);
    return NextResponse.json({ removed });
  },
);
