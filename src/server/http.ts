import "server-only";

import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";

import { clientAddress, PEER_HEADER } from "@/config/client-address";

import {
  BadRequestError,
  HttpError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "./errors";

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

type Handler<C> = (request: NextRequest, context: C) => Promise<Response> | Response;


/** Wraps a route handler so every thrown error becomes the one error shape. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Reads at most `limit` bytes of the body; a larger one throws 413 without reading the rest. */
export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new PayloadTooLargeError(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function requireContentType(request: Request, expected: string) {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== expected) throw new UnsupportedMediaTypeError(expected);
}

/** Parses then validates a JSON body: 415 wrong type, 413 too large, 400 bad JSON, 422 schema failure. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  requireContentType(request, "application/json");
  const text = await readBody(request);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError();
  }
  return parseWith(schema, value);
}

/** Validates a form-encoded body (what pusher-js sends to the auth endpoint). */
export async function readForm<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  requireContentType(request, "application/x-www-form-urlencoded");
  const params = new URLSearchParams(await readBody(request));
  return parseWith(schema, Object.fromEntries(params));
}

/** Validates a query string. */
export function readQuery<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  return parseWith(schema, Object.fromEntries(new URL(request.url).searchParams));
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.from(result.error);
  return result.data;
}

/** The client address for per-IP limits (see src/config/client-address.ts). */
export function clientIp(request: Request): string {
  return clientAddress(request.headers.get(PEER_HEADER), request.headers.get("x-forwarded-for"));
}
