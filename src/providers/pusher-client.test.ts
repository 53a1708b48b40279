import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { API_TIMEOUT_MS } from "@/lib/api-client";

import { authorizeChannel, pusherOptions } from "./pusher-client";

const config = { key: "k", cluster: "mt1", wsHost: null, wsPort: 6001, forceTLS: false };

describe("channel authorization", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("is what pusher-js uses for private and presence channels", () => {
    expect(pusherOptions(config, "localhost").channelAuthorization.customHandler).toBe(authorizeChannel);
  });

  it("posts pusher-js's form to /api/pusher/auth and hands back the answer", async () => {
    const fetch = vi.fn(async (_url: string, _init?: RequestInit) => Response.json({ auth: "k:sig", channel_data: "{}" }));
    vi.stubGlobal("fetch", fetch);
    const callback = vi.fn();
    authorizeChannel({ socketId: "1.2", channelName: "presence-chat" }, callback);
    await vi.advanceTimersByTimeAsync(0);
    expect(callback).toHaveBeenCalledWith(null, { auth: "k:sig", channel_data: "{}" });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("/api/pusher/auth");
    expect(init).toMatchObject({ method: "POST" });
    expect(String(init!.body)).toBe("socket_id=1.2&channel_name=presence-chat");
  });

  it("fails the subscription at the deadline when the server never answers", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        (_url: string, init?: RequestInit) =>
          new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))),
      ),
    );
    const callback = vi.fn();
    authorizeChannel({ socketId: "1.2", channelName: "private-user-ana" }, callback);
    await vi.advanceTimersByTimeAsync(API_TIMEOUT_MS - 1);
    expect(callback).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(callback).toHaveBeenCalledWith(expect.objectContaining({ code: "timeout" }), null);
  });

  it("passes a refusal on as an error", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Response.json({ error: { code: "forbidden", message: "Not your channel." } }, { status: 403 })));
    const callback = vi.fn();
    authorizeChannel({ socketId: "1.2", channelName: "private-user-ben" }, callback);
    await vi.advanceTimersByTimeAsync(0);
    expect(callback).toHaveBeenCalledWith(expect.objectContaining({ status: 403, message: "Not your channel." }), null);
  });
});
