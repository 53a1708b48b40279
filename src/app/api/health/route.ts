import { NextResponse } from "next/server";

import { getSettings } from "@/server/settings";
import { checkStoreHealth } from "@/server/store/store-health";

export const dynamic = "force-dynamic";

/** Liveness, the realtime mode and the store: 200 when the store answers, 503 when it does not. */
export async function GET() {
  const store = await checkStoreHealth();
  return NextResponse.json(
    { ok: store.up, realtime: getSettings().mode, store },
    { status: store.up ? 200 : 503, headers: { "Cache-Control": "no-store", ...(store.up ? {} : { "Retry-After": "2" }) } },
  );
}
