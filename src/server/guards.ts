import "server-only";

import { createHash } from "node:crypto";

import type { NextRequest } from "next/server";

import type { SessionUser } from "@/lib/schemas";

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

/** Who a request comes from, once its route's auth policy accepted it. */
export type AnonymousCaller = { kind: "anonymous" };
export type UserCaller = { kind: "user"; user: SessionUser };
export type AdminCaller = { kind: "admin"; key: string };

/**
 * The credentials a route asks for:
 * - `none`: anyone;
 * - `session`: a signed-in user;
 * - `reader`: a signed-in user, or the admin token;
 * - `coach`: a signed-in coach, or the admin token (403 for an athlete);
 * - `admin`: the admin token only.
 * With an Authorization header the token is checked (and must be right);
 * otherwise the session cookie is.
 */
export interface CallerByAuth {
  none: AnonymousCaller;
  session: UserCaller;
  reader: UserCaller | AdminCaller;
  coach: UserCaller | AdminCaller;
  admin: AdminCaller;
}
export type AuthKind = keyof CallerByAuth;

/** Whether the request is authenticated by its cookie (and so needs the CSRF check on writes). */
export function usesCookieAuth(request: NextRequest, auth: AuthKind): boolean {
  if (auth === "admin") return false;
  if (auth === "reader" || auth === "coach") return !request.headers.has("authorization");
  return true;
}

/**
 * Checks the request's credentials against `auth`: 401 without valid ones,
 * 403 (`coach_only`, with `coachOnly` as the message) for an athlete where a
 * coach is needed.
 */
export async function authenticate<A extends AuthKind>(request: NextRequest, auth: A, coachOnly = "Only coaches can do that."): Promise<CallerByAuth[A]> {
  const caller = await identify(request, auth, coachOnly);
  return caller as CallerByAuth[A];
}

async function identify(request: NextRequest, auth: AuthKind, coachOnly: string): Promise<CallerByAuth[AuthKind]> {
  if (auth === "none") return { kind: "anonymous" };
  if (auth === "admin" || ((auth === "reader" || auth === "coach") && request.headers.has("authorization"))) {
    return { kind: "admin", key: requireAdminToken(request) };
  }
  const user = await readSession(request);
  if (auth === "coach") {
    if (!user) throw new UnauthorizedError("Sign in as a coach, or send the admin token.");
    if (user.role !== "coach") throw new ForbiddenError(coachOnly, "coach_only");
  }
  if (!user) throw new UnauthorizedError();
  return { kind: "user", user };
}
