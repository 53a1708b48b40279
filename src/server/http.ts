import "server-only";

import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";

import { clientAddress, PEER_HEADER } from "@/config/client-address";
import type { SessionUser } from "@/lib/schemas";

import {
  BadRequestError,
  HttpError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "./errors";
import { assertSameOrigin, authenticate, usesCookieAuth, type AuthKind, type CallerByAuth } from "./guards";
import { takeRateLimit, type RateLimitName } from "./rate-limit";

/** Request bodies are refused past this size, before any parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/** `{ error: { code, message, issues? } }` with the matching status. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof HttpError) {
    const { issues, headers } = error.options;
    return NextResponse.json(
      { error: { code: error.code, message: error.message, ...(issues ? { issues } : {}) } },
      { status: error.status, headers },
    );
  }
  console.error("coachpro: unexpected error", error);
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side." } }, { status: 500 });
}

/**
 * What a route declares, once, for the shared wrapper to enforce in this
 * order: CSRF same-origin check (unsafe methods authenticated by cookie),
 * the per-address rate limit, authentication, the per-caller rate limit, then
 * the body (content type, size, JSON or form, schema) and the query string.
 */
export interface RoutePolicy<A extends AuthKind, B extends z.ZodType, Q extends z.ZodType> {
  auth: A;
  /** The 403 message when an athlete calls a `coach` route. */
  coachOnly?: string;
  /** Buckets to count the request against: by client address, by signed-in user, by admin token. */
  rateLimit?: { address?: RateLimitName; user?: RateLimitName; admin?: RateLimitName };
  body?: { schema: B; type?: "json" | "form"; maxBytes?: number };
  query?: Q;
}

/** What a route handler receives, already checked against its policy. */
export interface RouteContext<A extends AuthKind, B extends z.ZodType, Q extends z.ZodType> {
  request: NextRequest;
  caller: CallerByAuth[A];
  /** The signed-in user, when the caller is one. */
  user: A extends "session" ? SessionUser : SessionUser | undefined;
  body: z.infer<B>;
  query: z.infer<Q>;
}

/** A Next route handler (the second argument, route params, is unused by these routes). */
export type RouteHandler = (request: NextRequest, context?: unknown) => Promise<Response>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Wraps a route handler with its declared policy; every thrown error becomes
 * the one error shape. The rate-limit headers of the last bucket counted are
 * added to the handler's response.
 */
export function route<A extends AuthKind, B extends z.ZodType = z.ZodNever, Q extends z.ZodType = z.ZodNever>(
  policy: RoutePolicy<A, B, Q>,
  handler: (context: RouteContext<A, B, Q>) => Promise<Response> | Response,
): RouteHandler {
  return async (request) => {
    try {
      if (!SAFE_METHODS.has(request.method) && usesCookieAuth(request, policy.auth)) assertSameOrigin(request);
      const { address, user: perUser, admin } = policy.rateLimit ?? {};
      let limits: Record<string, string> = {};
      if (address) limits = await takeRateLimit(address, clientIp(request));
      const caller = await authenticate(request, policy.auth, policy.coachOnly);
      if (caller.kind === "user" && perUser) limits = await takeRateLimit(perUser, caller.user.id);
      if (caller.kind === "admin" && admin) limits = await takeRateLimit(admin, caller.key);
      const body = policy.body ? await readBodyAs(request, policy.body) : undefined;
      const query = policy.query ? readQuery(request, policy.query) : undefined;
      const user = caller.kind === "user" ? caller.user : undefined;
      const response = await handler({ request, caller, user, body, query } as RouteContext<A, B, Q>);
      for (const [name, value] of Object.entries(limits)) if (!response.headers.has(name)) response.headers.set(name, value);
      return response;
    } catch (error) {
      return errorResponse(error);
    }
  };
}

function readBodyAs<B extends z.ZodType>(request: Request, body: { schema: B; type?: "json" | "form"; maxBytes?: number }): Promise<z.infer<B>> {
  return body.type === "form" ? readForm(request, body.schema, body.maxBytes) : readJson(request, body.schema, body.maxBytes);
}

/**
 * Reads at most `limit` bytes of the body: a declared Content-Length over the
 * limit is refused before reading, and a body that grows past it is cut off
 * there, so memory stays bounded. `tooLarge` makes the error (413) to throw.
 */
export async function readBodyBytes(request: Request, limit: number, tooLarge: () => Error = () => new PayloadTooLargeError(limit)): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await request.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Reads at most `limit` bytes of the body as text; a larger one throws 413 without reading the rest. */
export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  return Buffer.from(await readBodyBytes(request, limit)).toString("utf8");
}

function requireContentType(request: Request, expected: string) {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== expected) throw new UnsupportedMediaTypeError(expected);
}

/** Parses then validates a JSON body: 415 wrong type, 413 too large, 400 bad JSON, 422 schema failure. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T, maxBytes = MAX_BODY_BYTES): Promise<z.infer<T>> {
  requireContentType(request, "application/json");
  const text = await readBody(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError();
  }
  return parseWith(schema, value);
}

/** Validates a form-encoded body (what pusher-js sends to the auth endpoint). */
export async function readForm<T extends z.ZodType>(request: Request, schema: T, maxBytes = MAX_BODY_BYTES): Promise<z.infer<T>> {
  requireContentType(request, "application/x-www-form-urlencoded");
  const params = new URLSearchParams(await readBody(request, maxBytes));
  return parseWith(schema, Object.fromEntries(params));
}

/** Validates a query string. */
export function readQuery<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  return parseWith(schema, Object.fromEntries(new URL(request.url).searchParams));
}

/** Validates any value against a schema: 422 with the issues when it does not fit. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.from(result.error);
  return result.data;
}

/** The client address for per-IP limits (see src/config/client-address.ts). */
export function clientIp(request: Request): string {
  return clientAddress(request.headers.get(PEER_HEADER), request.headers.get("x-forwarded-for"));
}
