import { describe, expect, it } from "vitest";

import { POST as chatPost } from "@/app/api/chat/route";
import { GET as listRoute } from "@/app/api/notifications/route";
import { PUT as putPreferences } from "@/app/api/notifications/preferences/route";
import { POST as readRoute } from "@/app/api/notifications/read/route";
import type { NoticeList } from "@/lib/notifications";

import { makeRequest, restartApp, signIn, startAnotherInstance } from "../support/app";
import { useAppOnRedis } from "../support/redis-app";
import { useEmbeddedServer } from "../support/realtime";

const list = async (cookie: string) => (await (await listRoute(makeRequest("/api/notifications", { method: "GET", cookie }), undefined)).json()) as NoticeList;

describe("notifications with REDIS_URL set", () => {
  const realtime = useEmbeddedServer();
  const app = useAppOnRedis(() => ({ REALTIME_PORT: String(realtime.port) }));

  it("keeps each person's notices, read state and preferences in Redis: across a restart and on another instance, a retry stores nothing twice", async () => {
    const coach = await signIn("Cora", "coach");
    const ana = await signIn("Ana");
    const post = () => chatPost(makeRequest("/api/chat", { json: { message: "help @Cora", clientMessageId: "redis-mention-1" }, cookie: ana.cookie }), undefined);
    expect((await post()).status).toBe(201);
    const [notice] = (await list(coach.cookie)).notices;
    expect(notice).toMatchObject({ kind: "mention", title: "Ana mentioned you", read: false });
    expect(await app.inspect().llen(`${app.prefix}notices:${coach.user.id}:list`)).toBe(1);

    restartApp();
    expect((await post()).status).toBe(201);
    expect(await list(coach.cookie)).toEqual({ notices: [notice], unread: 1 });
    expect((await readRoute(makeRequest("/api/notifications/read", { json: { ids: [notice!.id] }, cookie: coach.cookie }), undefined)).status).toBe(200);
    expect((await putPreferences(makeRequest("/api/notifications/preferences", { method: "PUT", json: { awards: false }, cookie: coach.cookie }), undefined)).status).toBe(200);

    startAnotherInstance();
    expect(await list(coach.cookie)).toEqual({ notices: [{ ...notice, read: true }], unread: 0 });
    expect(await app.inspect().hget(`${app.prefix}notices:${coach.user.id}:preferences`, "awards")).toBe("0");
  });
});
