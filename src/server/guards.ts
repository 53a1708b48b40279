import "server-only";

import { createHash } from "node:crypto";

import type { NextRequest } from "next/server";

import { safeEqual } from "./crypto";
import { ForbiddenError, UnauthorizedError } from "./errors";
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
