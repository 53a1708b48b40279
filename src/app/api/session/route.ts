import { NextResponse, type NextRequest } from "next/server";

import { sessionRequestSchema } from "@/lib/schemas";
import { UnauthorizedError } from "@/server/errors";
import { assertSameOrigin } from "@/server/guards";
import { clientIp, readJson, route } from "@/server/http";
import { takeRateLimit } from "@/server/rate-limit";
import { clearSession, createUser, readSession, writeSession } from "@/server/session";

/** Joins: `{ name, role, accessCode? }` → `{ user }` and a session cookie. */
export const POST = route(async (request: NextRequest) => {
  assertSameOrigin(request);
  const limits = await takeRateLimit("session", clientIp(request));
  const body = await readJson(request, sessionRequestSchema);
  const user = createUser(body);
  const response = NextResponse.json({ user }, { status: 201, headers: limits });
  await writeSession(response, user);
  return response;
});

/** The signed-in user, or 401. */
export const GET = route(async (request: NextRequest) => {
  const user = await readSession(request);
  if (!user) throw new UnauthorizedError("Not signed in.");
  return NextResponse.json({ user }, { headers: { "Cache-Control": "no-store" } });
});

/** Signs out. */
export const DELETE = route(async (request: NextRequest) => {
  assertSameOrigin(request);
  const response = NextResponse.json({ user: null });
  clearSession(response);
  return response;
});
