import "server-only";

import { createHash } from "node:crypto";

import type { NextRequest } from "next/server";

import { safeEqual } from "./crypto";
import { ForbiddenError, UnauthorizedError } from "./errors";
import { readSession } from "./session";
import { getSettings } from "./settings";

function requestHost(request: NextRequest): string | null {
  return request.headers.get("x-forwarded-host") ?? request.headers.get("host");
}

/**
 * CSRF defence for cookie-authenticated writes: a browser always sends Origin
 * (or at least Sec-Fetch-Site) on a POST, and it must be this site.
 * Requests with neither come from non-browser clients, which carry no
 * ambient cookies to abuse.
 */
export function assertSameOrigin(request: NextRequest): void {
  const origin = request.headers.get("origin");
  if (origin !== null) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host === null || host !== requestHost(request)) {
      throw new ForbiddenError("Cross-site requests are not allowed.", "cross_origin");
    }
    return;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") {
    throw new ForbiddenError("Cross-site requests are not allowed.", "cross_origin");
  }
}

/**
 * Checks `Authorization: Bearer ADMIN_API_TOKEN` in constant time.
 * Returns a non-reversible key for per-token rate limits; 401 otherwise.
 */
export function requireAdminToken(request: NextRequest): string {
  const token = adminTokenOf(request);
  if (token === null) throw new UnauthorizedError("Send Authorization: Bearer <ADMIN_API_TOKEN>.", "admin_token_required");
  const expected = getSettings().adminApiToken;
  if (!expected || !safeEqual(token, expected)) throw new UnauthorizedError("That admin token is not valid.", "bad_admin_token");
  return createHash("sha256").update(token).digest("hex").slice(0, 16);
}

/** The bearer token of a request, or null when it carries none. */
export function adminTokenOf(request: NextRequest): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** Who may award points: the admin token, or a signed-in coach. */
export type ScoreAuthority = { kind: "admin"; key: string } | { kind: "coach"; key: string };

/**
 * Admin token when an Authorization header is sent (and then it must be
 * right); otherwise a coach's session, with the CSRF check cookies need.
 * No credentials → 401; an athlete → 403.
 */
export async function requireScoreAuthority(request: NextRequest): Promise<ScoreAuthority> {
  if (request.headers.has("authorization")) return { kind: "admin", key: requireAdminToken(request) };
  assertSameOrigin(request);
  const user = await readSession(request);
  if (!user) throw new UnauthorizedError("Sign in as a coach, or send the admin token.");
  if (user.role !== "coach") throw new ForbiddenError("Only coaches can award points.", "coach_only");
  return { kind: "coach", key: user.id };
}

/** Reading the board: any signed-in user, or the admin token. */
export async function requireReader(request: NextRequest): Promise<void> {
  if (request.headers.has("authorization")) {
    requireAdminToken(request);
    return;
  }
  if (!(await readSession(request))) throw new UnauthorizedError();
}
