import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";

import { POST as chatPost } from "@/app/api/chat/route";
import { POST as award } from "@/app/api/leaderboard/route";
import type { NoticeAddedEvent } from "@/lib/notifications";
import type { ChatMessage, RankingUpdate, SessionUser } from "@/lib/schemas";
import { setChatStore } from "@/server/chat/chat-service";
import { MemoryChatStore } from "@/server/chat/chat-store";
import { resetLeaderboardState } from "@/server/leaderboard/leaderboard-service";
import { setNotificationStore } from "@/server/notifications/notification-service";

import { ADMIN_TOKEN, makeRequest, resetApp, restoreEnvironment, signIn } from "../support/app";
import { type FakeRealtimeApi, named, pointAt, startFakeRealtimeApi } from "../support/fake-realtime-api";

/** The team all-time board's ranking-updates (each award also updates the day, week and month boards). */
const teamBoardUpdates = (api: FakeRealtimeApi) =>
  named(api, "ranking-update").filter((e) => {
    const board = (e.data as RankingUpdate).board;
    return board?.window === "all" && board.classId === undefined;
  });

const post = (cookie: string, json: unknown) => chatPost(makeRequest("/api/chat", { json, cookie }), undefined);
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Signs in `count` users with distinct names (prefix + index) and returns them. */
async function team(prefix: string, count: number): Promise<SessionUser[]> {
  const users: SessionUser[] = [];
  for (let i = 0; i < count; i += 1) users.push((await signIn(`${prefix}${i}`, "athlete", { ip: `198.51.100.${i + 1}` })).user);
  return users;
}

/** The notices of one kind that went out. */
function notices(api: FakeRealtimeApi, kind: string) {
  return named(api, "notification-added").filter((event) => (event.data as NoticeAddedEvent).notice.kind === kind);
}

/** How many notices of `kind` (mentions unless told) each user id received. */
function mentionsPerUser(api: FakeRealtimeApi, kind = "mention"): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of notices(api, kind)) {
    const id = event.channel.replace("private-user-", "");
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

describe("retried writes have one effect per idempotency key", () => {
  let api: FakeRealtimeApi;

  beforeEach(async () => {
    api = await startFakeRealtimeApi();
    setChatStore(new MemoryChatStore());
    resetLeaderboardState();
    setNotificationStore(undefined);
    resetApp(pointAt(api.port), { realtimeDeadlineMs: 1_000 });
  });
  afterEach(() => api.close());
  afterAll(() => restoreEnvironment());

  it("sends new-message once and each mention once for concurrent identical first posts", async () => {
    const sender = await signIn("Sender");
    const [mia] = await team("Mia", 1);
    api.delayMs = 100; // the first post is still in flight when the others arrive
    const json = { message: "go @Mia0", clientMessageId: "c-concurrent-1" };
    const responses = await Promise.all([post(sender.cookie, json), post(sender.cookie, json), post(sender.cookie, json)]);
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { message: ChatMessage }[];
    expect(new Set(bodies.map((b) => b.message.id)).size).toBe(1);
    expect(named(api, "new-message")).toHaveLength(1);
    expect(mentionsPerUser(api)).toEqual({ [mia!.id]: 1 });
  });

  it("answers every concurrent identical post 503 while its new-message has not gone out", async () => {
    const sender = await signIn("Sender");
    api.judge = () => "fail";
    api.delayMs = 100;
    const json = { message: "anyone there?", clientMessageId: "c-concurrent-3" };
    const responses = await Promise.all([post(sender.cookie, json), post(sender.cookie, json)]);
    // A 201 would tell that tab its message was delivered live when it was not.
    expect(responses.map((r) => r.status)).toEqual([503, 503]);
    expect(api.calls).toBe(1);
  });

  it("sends new-message once when two retries after a 503 arrive together", async () => {
    const sender = await signIn("Sender");
    const [lou] = await team("Lou", 1);
    const json = { message: "hey @Lou0", clientMessageId: "c-concurrent-2" };
    api.judge = () => "fail";
    expect((await post(sender.cookie, json)).status).toBe(503);

    api.judge = () => "accept";
    api.delayMs = 100;
    const retries = await Promise.all([post(sender.cookie, json), post(sender.cookie, json)]);
    expect(retries.map((r) => r.status)).toEqual([201, 201]);
    expect(named(api, "new-message")).toHaveLength(1);
    expect(mentionsPerUser(api)).toEqual({ [lou!.id]: 1 });
  });

  it("does not send mention notices again when a post is retried after a 503", async () => {
    const sender = await signIn("Sender");
    // Ten mentions: with new-message, more than one call's worth of events.
    const mentioned = await team("Zoe", 10);
    const json = { message: mentioned.map((u) => `@${u.name}`).join(" "), clientMessageId: "c-retry-mentions" };
    // The realtime service refuses whatever call carries new-message, and takes the rest.
    api.judge = (events) => (events.some((e) => e.name === "new-message") ? "fail" : "accept");
    const first = await post(sender.cookie, json);
    expect(first.status).toBe(503);
    expect(named(api, "new-message")).toHaveLength(0);

    api.judge = () => "accept";
    const retried = await post(sender.cookie, json);
    expect(retried.status).toBe(201);
    expect((await post(sender.cookie, json)).status).toBe(201);
    expect(named(api, "new-message")).toHaveLength(1);
    expect(mentionsPerUser(api)).toEqual(Object.fromEntries(mentioned.map((u) => [u.id, 1])));
    const { notice } = notices(api, "mention")[0]!.data as NoticeAddedEvent;
    expect(notice).toMatchObject({ kind: "mention", title: "Sender mentioned you", href: expect.stringMatching(/^\/\?tab=chat&message=m1-/) });
  });

  it("applies concurrent awards with the same Idempotency-Key once and sends one ranking-update", async () => {
    api.delayMs = 100;
    const request = () =>
      award(makeRequest("/api/leaderboard", { json: { userId: "ana", points: 5, name: "Ana" }, origin: null, headers: { ...admin, "idempotency-key": "award-once-0001" } }), undefined);
    const responses = await Promise.all([request(), request(), request()]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies.every((b) => JSON.stringify(b) === JSON.stringify(bodies[0]))).toBe(true);
    expect(bodies[0]).toMatchObject({ version: 1, total: 1, leaderboard: [{ userId: "ana", score: 5 }] });
    // One ranking-update per board the award counts on (team: all, day, week, month), each once.
    expect(teamBoardUpdates(api)).toHaveLength(1);
    expect(named(api, "ranking-update").map((e) => (e.data as RankingUpdate).board?.window)).toEqual(["all", "day", "week", "month"]);
    expect(notices(api, "award")).toHaveLength(1);
  });

  it("sends the award notices once, after the ranking-update went out on a retry", async () => {
    const athletes = Array.from({ length: 12 }, (_, i) => ({ userId: `a${i}`, points: 10 + i, name: `A${i}` }));
    api.judge = (events) => (events.some((e) => e.name === "ranking-update") ? "fail" : "accept");
    const headers = { ...admin, "idempotency-key": "award-partial-01" };
    const send = () => award(makeRequest("/api/leaderboard", { json: { updates: athletes }, origin: null, headers }), undefined);
    expect((await send()).status).toBe(503);
    expect(notices(api, "award")).toHaveLength(0);

    api.judge = () => "accept";
    expect((await send()).status).toBe(200);
    expect(teamBoardUpdates(api)).toHaveLength(1);
    expect(named(api, "ranking-update")).toHaveLength(4);
    const perAthlete = new Map<string, number>();
    for (const e of notices(api, "award")) perAthlete.set(e.channel, (perAthlete.get(e.channel) ?? 0) + 1);
    expect(perAthlete.size).toBe(12);
    expect([...perAthlete.values()].every((count) => count === 1)).toBe(true);
    // Once more with the same key: nothing new for anyone.
    expect((await send()).status).toBe(200);
    expect(notices(api, "award")).toHaveLength(12);
  });
});
