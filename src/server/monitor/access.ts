import "server-only";

import type { NextRequest } from "next/server";

import { ForbiddenError, UnauthorizedError } from "../errors";
import { requireAdminToken } from "../guards";
import { readSession } from "../session";

/**
 * Who may watch the monitor: the admin token when an Authorization header is
 * sent (and then it must be right), otherwise a coach's session. No
 * credentials → 401; an athlete → 403. Read-only, so no CSRF check.
 */
export async function requireMonitorViewer(request: NextRequest): Promise<void> {
  if (request.headers.has("authorization")) {
    requireAdminToken(request);
    return;
  }
  const user = await readSession(request);
  if (!user) throw new UnauthorizedError("Sign in as a coach, or send the admin token.");
  if (user.role !== "coach") throw new ForbiddenError("Only coaches can see the monitor.", "coach_only");
}
