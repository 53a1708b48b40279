import { NextResponse } from "next/server";

import { route } from "@/server/http";
import { getSettings } from "@/server/settings";

/** Whether Web Push is on, and the public VAPID key browsers subscribe with. */
export const GET = route({ auth: "session" }, async () => {
  const { push } = getSettings();
  return NextResponse.json({ enabled: Boolean(push), publicKey: push?.publicKey ?? null }, { headers: { "Cache-Control": "no-store" } });
});
