import { createServer } from "node:http";

import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";

import { GET as chatHistory, POST as chatPost } from "@/app/api/chat/route";
import { DELETE as boardDelete, GET as board, POST as award } from "@/app/api/leaderboard/route";
import { GET as monitor } from "@/app/api/monitor/route";
import { POST as adminTrigger } from "@/app/api/pusher/route";
import type { ChatMessage } from "@/lib/schemas";
import { setChatStore } from "@/server/chat/chat-service";
import { MemoryChatStore } from "@/server/chat/chat-store";
import { resetLeaderboardState } from "@/server/leaderboard/leaderboard-service";
import { queryRealtime, terminateUserConnections } from "@/server/realtime-gateway";

import { ADMIN_TOKEN, errorOf, makeRequest, resetApp, restoreEnvironment, signIn } from "../support/app";
import { type FakeRealtimeApi, type Listening, named, pointAt, startFakeRealtimeApi, startSilentServer } from "../support/fake-realtime-api";

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const DEADLINE_MS = 300;

const post = (cookie: string, json: unknown) => chatPost(makeRequest("/api/chat", { json, cookie }), undefined);
const awardPoints = (json: unknown, key: string) =>
  award(makeRequest("/api/leaderboard", { json, origin: null, headers: { ...admin, "idempotency-key": key } }), undefined);
const readBoard = async () => (await board(makeRequest("/api/leaderboard", { method: "GET", headers: admin }), undefined)).json();

/** Runs `act` and returns its result with how long it took. */
async function timed<T>(act: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await act();
  return { value, ms: performance.now() - started };
}

describe("a realtime service that accepts connections and never answers", () => {
  let silent: Listening & { readonly accepted: number };
  let api: FakeRealtimeApi;

  beforeEach(async () => {
    silent = await startSilentServer();
    api = await startFakeRealtimeApi();
    setChatStore(new MemoryChatStore());
    resetLeaderboardState();
    resetApp(pointAt(silent.port), { realtimeDeadlineMs: DEADLINE_MS });
  });
  afterEach(async () => {
    await silent.close();
    await api.close();
  });
  afterAll(() => restoreEnvironment());

  it("gets a chat post 503 with Retry-After within the default 3 s deadline, and keeps the message", async () => {
    resetApp(pointAt(silent.port));
    const ana = await signIn("Ana");
    const { value: response, ms } = await timed(() => post(ana.cookie, { message: "into the void", clientMessageId: "c-timeout-1" }));
    expect(silent.accepted).toBeGreaterThan(0);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("2");
    expect((await errorOf(response)).code).toBe("realtime_unavailable");
    expect(ms).toBeGreaterThanOrEqual(2_900);
    expect(ms).toBeLessThan(3_900);
    const page = (await (await chatHistory(makeRequest("/api/chat", { method: "GET", cookie: ana.cookie }), undefined)).json()) as { messages: ChatMessage[] };
    expect(page.messages.map((m) => m.message)).toEqual(["into the void"]);
  });

  it("delivers the kept message once when the post is retried against a working service", async () => {
    const ana = await signIn("Ana");
    const first = await timed(() => post(ana.cookie, { message: "later", clientMessageId: "c-timeout-2" }));
    expect(first.value.status).toBe(503);
    expect(first.ms).toBeLessThan(DEADLINE_MS + 500);

    resetApp(pointAt(api.port), { realtimeDeadlineMs: DEADLINE_MS });
    const retried = await post(ana.cookie, { message: "later", clientMessageId: "c-timeout-2" });
    expect(retried.status).toBe(201);
    expect(named(api, "new-message").map((e) => (e.data as ChatMessage).message)).toEqual(["later"]);
    expect((await post(ana.cookie, { message: "later", clientMessageId: "c-timeout-2" })).status).toBe(201);
    expect(named(api, "new-message")).toHaveLength(1);
  });

  it("gets a leaderboard award 503 within the deadline; a retry with the same key adds nothing and sends the update once", async () => {
    const stuck = await timed(() => awardPoints({ userId: "ana", points: 10, name: "Ana" }, "award-timeout-1"));
    expect(stuck.value.status).toBe(503);
    expect(stuck.value.headers.get("Retry-After")).toBeTruthy();
    expect(stuck.ms).toBeLessThan(DEADLINE_MS + 500);
    // The points are recorded (a write is acknowledged once stored), the update owed.
    expect(await readBoard()).toMatchObject({ total: 1, version: 1, leaderboard: [{ userId: "ana", score: 10 }] });

    // Still down: the key's entry has settled, so a retry tries again and fails fast, adding nothing.
    expect((await awardPoints({ userId: "ana", points: 10, name: "Ana" }, "award-timeout-1")).status).toBe(503);

    resetApp(pointAt(api.port), { realtimeDeadlineMs: DEADLINE_MS });
    const retried = await awardPoints({ userId: "ana", points: 10, name: "Ana" }, "award-timeout-1");
    expect(retried.status).toBe(200);
    const answer = await retried.json();
    const { awards: _awards, ...event } = answer;
    expect(event).toMatchObject({ version: 1, total: 1, leaderboard: [{ userId: "ana", score: 10 }] });
    // The team board's update first, then the day, week and month boards', each once.
    expect(named(api, "ranking-update").map((e) => e.data)[0]).toEqual(event);
    expect(named(api, "ranking-update")).toHaveLength(4);
    expect(await awardPoints({ userId: "ana", points: 10, name: "Ana" }, "award-timeout-1").then((r) => r.json())).toEqual(answer);
    expect(named(api, "ranking-update")).toHaveLength(4);
    expect((await readBoard()).leaderboard[0].score).toBe(10);
  });

  it("lets concurrent retries of a stuck award share one attempt and apply once", async () => {
    const attempts = await Promise.all([1, 2, 3].map(() => awardPoints({ userId: "ben", points: 7, name: "Ben" }, "award-timeout-2")));
    expect(attempts.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(await readBoard()).toMatchObject({ total: 1, leaderboard: [{ userId: "ben", score: 7 }] });
  });

  it("removes an athlete within the deadline when the live update cannot go out (pages resync on resubscribe)", async () => {
    resetApp(pointAt(api.port), { realtimeDeadlineMs: DEADLINE_MS });
    expect((await awardPoints({ updates: [{ userId: "ana", points: 3, name: "Ana" }, { userId: "ben", points: 2, name: "Ben" }] }, "award-before-01")).status).toBe(200);
    resetApp(pointAt(silent.port), { realtimeDeadlineMs: DEADLINE_MS });
    const removal = await timed(() => boardDelete(makeRequest("/api/leaderboard?userId=ana", { method: "DELETE", origin: null, headers: admin }), undefined));
    expect(removal.ms).toBeLessThan(DEADLINE_MS + 500);
    // Not 503: a retried removal would answer 404, and a retried reset would wipe later awards.
    expect(removal.value.status).toBe(200);
    expect(await readBoard()).toMatchObject({ total: 1, leaderboard: [{ userId: "ben" }] });
  });

  it("gets an admin trigger 503 within the deadline, and the monitor says the service did not answer", async () => {
    const trigger = await timed(() =>
      adminTrigger(makeRequest("/api/pusher", { json: { channel: "admin-channel", event: "announcement", data: { message: "hi" } }, origin: null, headers: admin }), undefined),
    );
    expect(trigger.value.status).toBe(503);
    expect(trigger.ms).toBeLessThan(DEADLINE_MS + 500);
    const view = await timed(() => monitor(makeRequest("/api/monitor", { method: "GET", headers: admin }), undefined));
    expect(view.value.status).toBe(200);
    expect(view.ms).toBeLessThan(DEADLINE_MS + 500);
    expect(await view.value.json()).toMatchObject({ realtimeError: expect.stringMatching(/no answer within 0.3 s/), occupancyError: expect.stringMatching(/no answer within/) });
  });

  it("bounds channel queries and terminate calls by the deadline", async () => {
    const query = await timed(() => queryRealtime("/channels").catch((error: unknown) => error));
    expect(query.value).toMatchObject({ status: 503, failure: "timeout" });
    expect(query.ms).toBeLessThan(DEADLINE_MS + 500);
    const terminate = await timed(() => terminateUserConnections("ana").catch((error: unknown) => error));
    expect(terminate.value).toMatchObject({ status: 503, failure: "timeout" });
    expect(terminate.ms).toBeLessThan(DEADLINE_MS + 500);
  });
});

describe("a realtime service that answers the head but never the body", () => {
  it("still times out: the deadline covers the whole call, not only the SDK's wait for headers", async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      response.write('{"channels":');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      resetApp(pointAt(port), { realtimeDeadlineMs: DEADLINE_MS });
      const query = await timed(() => queryRealtime("/channels").catch((error: unknown) => error));
      expect(query.value).toMatchObject({ status: 503, failure: "timeout" });
      expect(query.ms).toBeLessThan(DEADLINE_MS + 500);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      restoreEnvironment();
    }
  });
});
