import "server-only";

import type { z } from "zod";

export interface ErrorIssue {
  path: string;
  message: string;
}

/** A failure with an HTTP meaning; the one place statuses come from. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: { issues?: ErrorIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

export class BadRequestError extends HttpError {
  constructor(message = "The request body is not valid JSON.", code = "bad_request") {
    super(400, code, message);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(message = "Sign in first.", code = "unauthorized") {
    super(401, code, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = "You are not allowed to do that.", code = "forbidden") {
    super(403, code, message);
  }
}

export class NotFoundError extends HttpError {
  constructor(message = "Not found.", code = "not_found") {
    super(404, code, message);
  }
}

export class ConflictError extends HttpError {
  constructor(message = "That conflicts with the current state.", code = "conflict") {
    super(409, code, message);
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `The request body is larger than ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(expected: string) {
    super(415, "unsupported_media_type", `Send the body as ${expected}.`);
  }
}

export class ValidationError extends HttpError {
  constructor(issues: ErrorIssue[], message = "The request is not valid.") {
    super(422, "validation_failed", message, { issues });
  }

  static from(error: z.ZodError): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
    );
  }
}

export class RateLimitedError extends HttpError {
  constructor(retryAfterSeconds: number, headers: Record<string, string>) {
    super(429, "rate_limited", `Too many requests. Try again in ${retryAfterSeconds} s.`, {
      headers: { ...headers, "Retry-After": String(retryAfterSeconds) },
    });
  }
}

/** Why a call to the realtime service failed: no answer in time, no connection, or an error status. */
export type RealtimeFailure = "timeout" | "unreachable" | "status";

/**
 * The realtime service timed out, could not be reached or answered with an
 * error: 503 with Retry-After. `failure` and `upstreamStatus` say which, for
 * logs and the monitor; the client only needs to retry.
 */
export class RealtimeUnavailableError extends HttpError {
  constructor(
    readonly failure: RealtimeFailure = "unreachable",
    readonly upstreamStatus?: number,
    message = "The realtime service is unavailable; try again shortly.",
  ) {
    super(503, "realtime_unavailable", message, { headers: { "Retry-After": "2" } });
  }
}

/**
 * The shared store (Redis) did not answer in time or is not connected: 503
 * with Retry-After. Never a silent fall-back to memory, never a hang.
 */
export class StoreUnavailableError extends HttpError {
  constructor(message = "The data store is unavailable; try again shortly.") {
    super(503, "store_unavailable", message, { headers: { "Retry-After": "2" } });
  }
}
