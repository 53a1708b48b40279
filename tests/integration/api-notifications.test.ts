import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { POST as announce } from "@/app/api/announcements/route";
import { POST as chatPost } from "@/app/api/chat/route";
import { POST as award } from "@/app/api/leaderboard/route";
import { GET as listRoute } from "@/app/api/notifications/route";
import { GET as getPreferences, PUT as putPreferences } from "@/app/api/notifications/preferences/route";
import { POST as readRoute } from "@/app/api/notifications/read/route";
import type { NoticeAddedEvent, NoticeList, NoticesReadEvent } from "@/lib/notifications";
import { authorizeChannel } from "@/server/channel-auth";
import { setChatStore } from "@/server/chat/chat-service";
import { MemoryChatStore } from "@/server/chat/chat-store";
import { resetLeaderboardState } from "@/server/leaderboard/leaderboard-service";
import { onNoticeStored, setNotificationStore } from "@/server/notifications/notification-service";
import { clearUsers } from "@/server/users/user-directory";

import { ADMIN_TOKEN, errorOf, makeRequest, signIn } from "../support/app";
import { type Client, newClient, subscribed, useEmbeddedServer } from "../support/realtime";

type Person = Awaited<ReturnType<typeof signIn>>;

const list = (cookie?: string, query = "") => listRoute(makeRequest(`/api/notifications${query}`, { method: "GET", cookie }), undefined);
const read = (cookie: string | undefined, json: unknown) => readRoute(makeRequest("/api/notifications/read", { json, cookie }), undefined);
const listOf = async (person: Person) => (await (await list(person.cookie)).json()) as NoticeList;
const post = (person: Person, message: string, clientMessageId?: string) =>
  chatPost(makeRequest("/api/chat", { json: { message, ...(clientMessageId ? { clientMessageId } : {}) }, cookie: person.cookie }), undefined);

describe("/api/notifications", () => {
  const realtime = useEmbeddedServer();
  const clients: Client[] = [];

  beforeEach(() => {
    setChatStore(new MemoryChatStore());
    setNotificationStore(undefined);
    resetLeaderboardState();
    clearUsers();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });

  /** A tab of `person` listening on their private channel, recording `event`. */
  async function tabOf<T>(person: Person, event: string): Promise<T[]> {
    const client = newClient(realtime.port, async (socketId, channel) => authorizeChannel(person.user, socketId, channel));
    clients.push(client);
    const channel = `private-user-${person.user.id}`;
    await subscribed(client, channel);
    const heard: T[] = [];
    client.channel(channel).bind(event, (data: T) => heard.push(data));
    return heard;
  }

  it("needs a session for every route (401)", async () => {
    expect((await list()).status).toBe(401);
    expect((await read(undefined, { all: true })).status).toBe(401);
    expect((await getPreferences(makeRequest("/api/notifications/preferences", { method: "GET" }), undefined)).status).toBe(401);
    expect((await putPreferences(makeRequest("/api/notifications/preferences", { method: "PUT", json: { mentions: false } }), undefined)).status).toBe(401);
  });

  it("stores one mention notice when the same post arrives twice (same clientMessageId), and sends one event", async () => {
    const coach = await signIn("Cora Lane", "coach");
    const athlete = await signIn("Ana");
    const heard = await tabOf<NoticeAddedEvent>(coach, "notification-added");
    const first = await post(athlete, "Can you check my form @Cora Lane?", "c-mention01");
    const again = await post(athlete, "Can you check my form @Cora Lane?", "c-mention01");
    expect([first.status, again.status]).toEqual([201, 201]);
    const { message } = await first.json();

    const { notices, unread } = await listOf(coach);
    expect(unread).toBe(1);
    expect(notices).toEqual([
      {
        id: expect.stringMatching(/^n-/),
        kind: "mention",
        title: "Ana mentioned you",
        body: "Can you check my form @Cora Lane?",
        href: `/?tab=chat&message=${message.id}`,
        at: expect.any(String),
        read: false,
      },
    ]);
    await expect.poll(() => heard.length).toBe(1);
    expect(heard[0]).toEqual({ notice: notices[0], unread: 1 });
    // A third copy, and then a moment for any stray event to arrive: still one.
    await post(athlete, "Can you check my form @Cora Lane?", "c-mention01");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toHaveLength(1);
    expect((await listOf(athlete)).notices).toEqual([]);
  });

  it("marks one or all read for the signed-in user only, telling every tab of theirs at once", async () => {
    const coach = await signIn("Cora", "coach");
    const ben = await signIn("Ben");
    const other = await signIn("Mo");
    await post(ben, "hi @Cora");
    await post(ben, "again @Cora and @Mo");
    const [newest, oldest] = (await listOf(coach)).notices;
    const tab1 = await tabOf<NoticesReadEvent>(coach, "notifications-read");
    const tab2 = await tabOf<NoticesReadEvent>(coach, "notifications-read");

    // Someone else naming the coach's notice changes nothing for either of them.
    const foreign = await read(other.cookie, { ids: [oldest!.id] });
    expect(foreign.status).toBe(200);
    expect(await foreign.json()).toEqual({ read: [], unread: 1 });
    expect((await listOf(coach)).unread).toBe(2);
    expect((await listOf(other)).notices.map((notice) => notice.title)).toEqual(["Ben mentioned you"]);

    const one = await read(coach.cookie, { ids: [oldest!.id] });
    expect(await one.json()).toEqual({ read: [oldest!.id], unread: 1 });
    await expect.poll(() => tab1.length).toBe(1);
    await expect.poll(() => tab2.length).toBe(1);
    expect(tab2[0]).toEqual({ ids: [oldest!.id], unread: 1 });

    expect(await (await read(coach.cookie, { all: true })).json()).toEqual({ read: [newest!.id], unread: 0 });
    await expect.poll(() => tab2.length).toBe(2);
    expect(tab2[1]).toEqual({ ids: [newest!.id], all: true, unread: 0 });
    const after = await listOf(coach);
    expect(after.unread).toBe(0);
    expect(after.notices.map((notice) => notice.read)).toEqual([true, true]);
    expect((await listOf(other)).unread).toBe(1);
  });

  it("refuses bad input with 400/415/422 and the one error shape", async () => {
    const ana = await signIn("Ana");
    for (const body of [{}, { ids: [] }, { ids: ["not-a-notice"] }, { all: false }, { all: true, ids: ["n-x"] }, { ids: Array(101).fill("n-x") }, { ids: "n-x" }]) {
      const response = await read(ana.cookie, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await errorOf(response)).code).toBe("validation_failed");
    }
    expect((await readRoute(makeRequest("/api/notifications/read", { body: "{", headers: { "content-type": "application/json" }, cookie: ana.cookie }), undefined)).status).toBe(400);
    expect((await readRoute(makeRequest("/api/notifications/read", { body: "all", headers: { "content-type": "text/plain" }, cookie: ana.cookie }), undefined)).status).toBe(415);
    for (const query of ["?limit=0", "?limit=101", "?limit=x", "?other=1"]) expect((await list(ana.cookie, query)).status, query).toBe(422);
    expect((await list(ana.cookie, "?limit=100")).status).toBe(200);
    const put = (json: unknown) => putPreferences(makeRequest("/api/notifications/preferences", { method: "PUT", json, cookie: ana.cookie }), undefined);
    for (const body of [{}, { mentions: "no" }, { email: true }, null]) expect((await put(body)).status, JSON.stringify(body)).toBe(422);
  });

  it("limits writes per user (429 with Retry-After on the 61st in a minute)", async () => {
    const ana = await signIn("Ana");
    for (let i = 0; i < 60; i += 1) expect((await read(ana.cookie, { all: true })).status).toBe(200);
    const limited = await read(ana.cookie, { all: true });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    // Another user keeps their own budget.
    expect((await read((await signIn("Ben")).cookie, { all: true })).status).toBe(200);
  });

  it("keeps preferences per user and stores no notice of a kind turned off", async () => {
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const get = async (person: Person) => (await (await getPreferences(makeRequest("/api/notifications/preferences", { method: "GET", cookie: person.cookie }), undefined)).json()).preferences;
    expect(await get(ana)).toEqual({ mentions: true, awards: true, announcements: true });
    const put = await putPreferences(makeRequest("/api/notifications/preferences", { method: "PUT", json: { mentions: false }, cookie: ana.cookie }), undefined);
    expect(await put.json()).toEqual({ preferences: { mentions: false, awards: true, announcements: true } });
    expect(await get(ben)).toEqual({ mentions: true, awards: true, announcements: true });
    await post(ben, "hey @Ana");
    await post(ana, "hey @Ben");
    expect((await listOf(ana)).notices).toEqual([]);
    expect((await listOf(ben)).notices).toHaveLength(1);
  });

  it("gives the athlete one award notice with the reason, linking to their row, also when the award is retried", async () => {
    const coach = await signIn("Cora", "coach");
    const ana = await signIn("Ana");
    const heard = await tabOf<NoticeAddedEvent>(ana, "notification-added");
    const give = () =>
      award(makeRequest("/api/leaderboard", { json: { userId: ana.user.id, points: 10, name: "Ana", reason: "PR deadlift" }, cookie: coach.cookie, headers: { "idempotency-key": "award-0001-abcd" } }), undefined);
    expect((await give()).status).toBe(200);
    expect((await give()).status).toBe(200);
    const { notices } = await listOf(ana);
    expect(notices).toEqual([expect.objectContaining({ kind: "award", title: "+10 points — now #1", body: "PR deadlift", href: `/?tab=leaderboard&athlete=${ana.user.id}` })]);
    await expect.poll(() => heard.length).toBe(1);
    expect((await listOf(coach)).notices).toEqual([]);
  });

  it("sends an announcement to every known user but its author, once, and calls the push hook per stored notice", async () => {
    const coach = await signIn("Cora", "coach");
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const hooked: string[] = [];
    const stop = onNoticeStored((userId, notice) => void hooked.push(`${userId}:${notice.kind}`));
    const heard = await tabOf<NoticeAddedEvent>(ana, "notification-added");
    const response = await announce(makeRequest("/api/announcements", { json: { message: "Bus leaves at 7" }, cookie: coach.cookie }), undefined);
    expect(response.status).toBe(201);
    stop();
    for (const person of [ana, ben]) {
      expect((await listOf(person)).notices).toEqual([
        expect.objectContaining({ kind: "announcement", title: "Announcement from Cora", body: "Bus leaves at 7", href: "/?tab=activity", read: false }),
      ]);
    }
    expect((await listOf(coach)).notices).toEqual([]);
    await expect.poll(() => heard.length).toBe(1);
    expect(hooked.sort()).toEqual([`${ana.user.id}:announcement`, `${ben.user.id}:announcement`].sort());

    // An admin's notification to one user's private channel is that user's notice alone.
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const { POST: trigger } = await import("@/app/api/pusher/route");
    const sent = await trigger(
      makeRequest("/api/pusher", { json: { channel: `private-user-${ben.user.id}`, event: "notification", data: { title: "Kit check" } }, origin: null, headers: admin }),
      undefined,
    );
    expect(sent.status).toBe(200);
    expect((await listOf(ben)).notices.map((notice) => notice.title)).toEqual(["Kit check", "Announcement from Cora"]);
    expect((await listOf(ana)).notices).toHaveLength(1);
  });
});
