/** How long the browser waits for any API answer, body included, before giving up. */
export const API_TIMEOUT_MS = 8_000;

/** A failed API call, carrying the `{ error: { code, message } }` the server sent. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds the server asked to wait before trying again (`Retry-After`), when it said. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  /** True when trying the same request again later may succeed (no answer, a timeout, 429 or 5xx). */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface ApiFetchInit {
  method?: string;
  json?: unknown;
  /** A form body (`application/x-www-form-urlencoded`), for routes that take forms (pusher-js channel auth). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** The caller's own abort (unmount, a newer request): rejects with its reason, not an ApiError. */
  signal?: AbortSignal;
  /** Deadline for the whole call, answer and body; API_TIMEOUT_MS unless said. */
  timeoutMs?: number;
}

class DeadlineExceeded extends Error {
  override name = "TimeoutError";
}

/** `Retry-After` as seconds (delta or HTTP date); undefined when absent or unreadable. */
function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * One signal that aborts at the deadline or when the caller's signal does.
 * Built on setTimeout (not AbortSignal.timeout) so fake timers drive it in tests.
 */
function withDeadline(timeoutMs: number, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded("deadline")), timeoutMs);
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener("abort", forward, { once: true });
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      outer?.removeEventListener("abort", forward);
    },
  };
}

/**
 * Calls a CoachPro API route with JSON and returns the parsed body. Every
 * call has a deadline (API_TIMEOUT_MS); any non-2xx answer, no answer at all,
 * or no answer in time throws an ApiError with a message fit to show a
 * person (`retryable` says whether trying again makes sense; a 503 or 429
 * carries `retryAfter`). An abort through `init.signal` rejects with the
 * caller's reason instead.
 */
export async function apiFetch<T>(path: string, init: ApiFetchInit = {}): Promise<T> {
  const deadline = withDeadline(init.timeoutMs ?? API_TIMEOUT_MS, init.signal);
  try {
    let response: Response;
    let body: { error?: { code?: string; message?: string } } | null;
    try {
      response = await fetch(path, {
        method: init.method ?? (init.json === undefined && init.form === undefined ? "GET" : "POST"),
        headers: { ...(init.json === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
        body: init.form !== undefined ? new URLSearchParams(init.form) : init.json === undefined ? undefined : JSON.stringify(init.json),
        credentials: "same-origin",
        signal: deadline.signal,
      });
      // The body is read under the same deadline: headers then silence is a hang too.
      body = (await response.json().catch((error: unknown) => {
        if (deadline.signal.aborted) throw error;
        return null;
      })) as typeof body;
    } catch {
      if (init.signal?.aborted) throw init.signal.reason;
      if (deadline.signal.aborted) throw new ApiError(0, "timeout", "CoachPro did not answer in time. Try again.");
      throw new ApiError(0, "network", "Could not reach CoachPro. Check your connection and try again.");
    }
    if (!response.ok) {
      const retryAfter = retryAfterSeconds(response.headers.get("retry-after"));
      const fallback =
        response.status === 503 ? "CoachPro is busy right now. Try again in a moment." : `The server answered ${response.status}.`;
      throw new ApiError(response.status, body?.error?.code ?? "http_error", body?.error?.message ?? fallback, retryAfter);
    }
    return body as T;
  } finally {
    deadline.done();
  }
}
