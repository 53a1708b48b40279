/** A failed API call, carrying the `{ error: { code, message } }` the server sent. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Calls a CoachPro API route with JSON and returns the parsed body; any
 * non-2xx answer (or no answer at all) throws an ApiError with a message
 * fit to show a person.
 */
export async function apiFetch<T>(
  path: string,
  init: { method?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? (init.json === undefined ? "GET" : "POST"),
      headers: { ...(init.json === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", "Could not reach CoachPro. Check your connection and try again.");
  }
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) {
    const message = body?.error?.message ?? `The server answered ${response.status}.`;
    throw new ApiError(response.status, body?.error?.code ?? "http_error", message);
  }
  return body as T;
}
