import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { API_TIMEOUT_MS, ApiError, apiFetch } from "./api-client";

/** A fetch that never answers on its own: it settles only when its signal aborts. */
function hangingFetch() {
  return vi.fn(
    (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal!.reason));
      }),
  );
}

/** Starts a call and records how it settled, without awaiting it. */
function track<T>(promise: Promise<T>) {
  const outcome: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(outcome, { settled: true, value }),
    (error: unknown) => Object.assign(outcome, { settled: true, error }),
  );
  return outcome;
}

describe("apiFetch", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("gives up at the deadline when the server never answers", async () => {
    vi.stubGlobal("fetch", hangingFetch());
    const call = track(apiFetch("/api/chat", { json: { message: "hi" } }));
    await vi.advanceTimersByTimeAsync(API_TIMEOUT_MS - 1);
    expect(call.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(call.error).toBeInstanceOf(ApiError);
    expect(call.error).toMatchObject({ status: 0, code: "timeout", retryable: true, message: expect.stringMatching(/did not answer in time/) });
  });

  it("gives up when the answer starts but its body never ends", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (_url: string, init?: RequestInit) => ({
        ok: true,
        status: 200,
        headers: new Headers(),
        json: () => new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))),
      })),
    );
    const call = track(apiFetch("/api/leaderboard", { timeoutMs: 3000 }));
    await vi.advanceTimersByTimeAsync(3000);
    expect(call.error).toMatchObject({ code: "timeout" });
  });

  it("rejects with the caller's own abort reason, not a timeout", async () => {
    vi.stubGlobal("fetch", hangingFetch());
    const controller = new AbortController();
    const call = track(apiFetch("/api/chat", { signal: controller.signal }));
    controller.abort(new Error("unmounted"));
    await vi.advanceTimersByTimeAsync(0);
    expect(call.error).toEqual(new Error("unmounted"));
  });

  it("reports a 503 with Retry-After as retryable, with the delay", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () =>
        Response.json({ error: { code: "unavailable", message: "Realtime is down." } }, { status: 503, headers: { "retry-after": "2" } }),
      ),
    );
    await expect(apiFetch("/api/chat", { json: {} })).rejects.toMatchObject({
      status: 503,
      code: "unavailable",
      message: "Realtime is down.",
      retryAfter: 2,
      retryable: true,
    });
  });

  it("leaves no timer behind once answered, and sends the deadline's signal", async () => {
    const fetch = vi.fn(async () => Response.json({ ok: true }));
    vi.stubGlobal("fetch", fetch);
    await expect(apiFetch("/api/health")).resolves.toEqual({ ok: true });
    expect(vi.getTimerCount()).toBe(0);
    expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].signal).toBeInstanceOf(AbortSignal);
  });

  it("does not call a refused request retryable", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Response.json({ error: { code: "forbidden", message: "No." } }, { status: 403 })));
    await expect(apiFetch("/api/leaderboard", { json: {} })).rejects.toMatchObject({ status: 403, retryable: false });
  });
});
