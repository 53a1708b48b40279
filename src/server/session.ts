import "server-only";

import { randomUUID } from "node:crypto";

import { sealData, unsealData } from "iron-session";
import { cookies } from "next/headers";
import type { NextRequest, NextResponse } from "next/server";

import { sessionUserSchema, type SessionRequest, type SessionUser } from "@/lib/schemas";

import { safeEqual } from "./crypto";
import { ForbiddenError } from "./errors";
import { getSettings } from "./settings";
import { rememberUser } from "./users/user-directory";

export const SESSION_COOKIE = "coachpro_session";
const SESSION_TTL_SECONDS = 14 * 24 * 60 * 60;

/**
 * The signed-in user, from the sealed (encrypted and signed, by iron-session)
 * session cookie; null when there is none or it does not verify.
 */
export async function readSession(request: NextRequest): Promise<SessionUser | null> {
  return unseal(request.cookies.get(SESSION_COOKIE)?.value);
}

/** The signed-in user while rendering a Server Component. */
export async function currentUser(): Promise<SessionUser | null> {
  return unseal((await cookies()).get(SESSION_COOKIE)?.value);
}

/**
 * Cookies already unsealed, by their exact value. Unsealing runs PBKDF2,
 * AES and HMAC through WebCrypto (~0.35 ms of CPU per request); a sealed
 * value is authenticated, so the same string always opens to the same user
 * until it expires. Bounded, and each entry is re-checked after a minute.
 */
const VERIFIED_MAX = 10_000;
const VERIFIED_FOR_MS = 60_000;
const globalForSessions = globalThis as typeof globalThis & {
  __coachproVerifiedSessions?: Map<string, { user: SessionUser; secret: string; until: number }>;
};

async function unseal(sealed: string | undefined): Promise<SessionUser | null> {
  if (!sealed) return null;
  const secret = getSettings().sessionSecret;
  const verified = (globalForSessions.__coachproVerifiedSessions ??= new Map());
  const hit = verified.get(sealed);
  if (hit && hit.secret === secret && hit.until > Date.now()) {
    noteUser(hit.user);
    return hit.user;
  }
  try {
    const data = await unsealData<{ user?: unknown }>(sealed, { password: secret, ttl: SESSION_TTL_SECONDS });
    const parsed = sessionUserSchema.safeParse(data.user);
    if (!parsed.success) return null;
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(sealed, { user: parsed.data, secret, until: Date.now() + VERIFIED_FOR_MS });
    noteUser(parsed.data);
    return parsed.data;
  } catch {
    return null;
  }
}

/**
 * Notes a signed-in user for chat mentions without holding up the request:
 * reading a cookie needs no store, and the user was stored when they joined.
 * A failed write is logged by the store and tried again on a later request.
 */
function noteUser(user: SessionUser): void {
  rememberUser(user).catch(() => undefined);
}

/**
 * Creates the user for a join request and stores them in the user directory
 * (503 while the store is down). The server chooses the id; a coach must give
 * COACH_ACCESS_CODE (compared in constant time).
 */
export async function createUser(request: SessionRequest): Promise<SessionUser> {
  if (request.role === "coach") {
    const code = getSettings().coachAccessCode;
    if (!code) throw new ForbiddenError("Joining as a coach is turned off on this server.", "coach_disabled");
    if (!request.accessCode || !safeEqual(request.accessCode, code)) {
      throw new ForbiddenError("That coach access code is not right.", "bad_access_code");
    }
  }
  const user: SessionUser = { id: randomUUID(), name: request.name, role: request.role };
  await rememberUser(user);
  return user;
}

/** Seals the user into the session cookie: httpOnly, SameSite=Lax, Secure in production. */
export async function writeSession(response: NextResponse, user: SessionUser): Promise<void> {
  const { sessionSecret, production } = getSettings();
  const sealed = await sealData({ user }, { password: sessionSecret, ttl: SESSION_TTL_SECONDS });
  response.cookies.set(SESSION_COOKIE, sealed, {
    httpOnly: true,
    sameSite: "lax",
    secure: production,
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
  });
}

export function clearSession(response: NextResponse): void {
  const { production } = getSettings();
  response.cookies.set(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure: production, path: "/", maxAge: 0 });
}
