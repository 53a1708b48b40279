import { NextResponse, type NextRequest } from "next/server";

import { contentSecurityPolicy } from "@/config/csp";
import { resolveSettings, type Settings } from "@/config/settings";

let settings: Settings | undefined;

/**
 * Security headers and a per-request CSP nonce (which Next applies to its
 * own scripts) on every page. API routes are left out by the matcher: they
 * render no HTML, so a nonce buys them nothing, and running the proxy costs
 * every API call a request copy; they get static security headers from
 * next.config.ts instead.
 */
export function proxy(request: NextRequest) {
  settings ??= resolveSettings(process.env);
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = contentSecurityPolicy({ nonce, settings, pageHostname: hostnameOf(request.headers.get("x-forwarded-host") ?? request.headers.get("host")) ?? request.nextUrl.hostname });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.set("X-Frame-Options", "DENY");
  // Calls use the camera and microphone of this origin only (never an embedded frame).
  response.headers.set("Permissions-Policy", "camera=(self), microphone=(self), geolocation=()");
  return response;
}

/** "127.0.0.1:3000" → "127.0.0.1", "[::1]:3000" → "[::1]". */
function hostnameOf(host: string | null): string | null {
  if (!host) return null;
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(host);
  return match?.[1] ?? null;
}

export const config = {
  matcher: [{ source: "/((?!api/|api$|_next/static|_next/image|favicon.ico).*)" }],
};
