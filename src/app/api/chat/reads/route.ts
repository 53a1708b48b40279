import { NextResponse } from "next/server";

import { listReads } from "@/server/chat/chat-changes";
import { route } from "@/server/http";

/** Everyone's read position, for "Seen by N" (coaches, or the admin token). */
export const GET = route(
  { auth: "coach", coachOnly: "Only coaches can see who has read what.", rateLimit: { user: "chatLookups", admin: "admin" } },
  async () => NextResponse.json(await listReads(), { headers: { "Cache-Control": "no-store" } }),
);
