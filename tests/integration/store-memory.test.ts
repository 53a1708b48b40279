import { describe, expect, it } from "vitest";

import { GET, POST } from "@/app/api/chat/route";
import { GET as health } from "@/app/api/health/route";
import type { ChatHistory, NewMessageEvent } from "@/lib/schemas";

import { makeRequest, restartApp, signIn } from "../support/app";
import { useEmbeddedServer } from "../support/realtime";

const post = async (cookie: string, message: string) =>
  ((await (await POST(makeRequest("/api/chat", { json: { message }, cookie }), undefined)).json()) as { message: NewMessageEvent }).message;
const history = async (cookie: string) => (await (await GET(makeRequest("/api/chat", { method: "GET", cookie }), undefined)).json()) as ChatHistory;

describe("the store without REDIS_URL (memory, the default)", () => {
  useEmbeddedServer();

  it("reports a memory store that is always up", async () => {
    const response = await health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, realtime: "embedded", store: { kind: "memory", up: true } });
  });

  it("starts a new epoch on restart: history is gone, seq starts again, ids never repeat", async () => {
    restartApp();
    const ana = await signIn("Ana");
    const before = await post(ana.cookie, "before");
    expect(before).toMatchObject({ seq: 1, epoch: (await history(ana.cookie)).epoch });

    restartApp();
    const after = await post(ana.cookie, "after");
    expect(after.seq).toBe(1);
    expect(after.epoch).not.toBe(before.epoch);
    expect(after.id).not.toBe(before.id);
    const page = await history(ana.cookie);
    expect(page.epoch).toBe(after.epoch);
    expect(page.messages.map((m) => m.id)).toEqual([after.id]);
  });
});
