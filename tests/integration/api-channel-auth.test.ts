import { createHmac } from "node:crypto";

import { beforeEach, describe, expect, it } from "vitest";

import { POST } from "@/app/api/pusher/auth/route";
import { DEVELOPMENT_DEFAULTS } from "@/config/settings";

import { errorOf, makeRequest, type RequestOptions, resetApp, signIn } from "../support/app";

const KEY = DEVELOPMENT_DEFAULTS.NEXT_PUBLIC_PUSHER_KEY;
const SECRET = DEVELOPMENT_DEFAULTS.PUSHER_SECRET;

const authorize = (form: Record<string, string>, options: RequestOptions = {}) =>
  POST(makeRequest("/api/pusher/auth", { form, ...options }), undefined);

const sign = (text: string) => `${KEY}:${createHmac("sha256", SECRET).update(text).digest("hex")}`;

describe("POST /api/pusher/auth", () => {
  beforeEach(() => resetApp());

  it("answers 401 without a session", async () => {
    const response = await authorize({ socket_id: "1.2", channel_name: "presence-chat" });
    expect(response.status).toBe(401);
  });

  it("signs the user's own private channel", async () => {
    const { user, cookie } = await signIn("Ana");
    const channel = `private-user-${user.id}`;
    const response = await authorize({ socket_id: "123.456", channel_name: channel }, { cookie });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ auth: sign(`123.456:${channel}`) });
  });

  it("refuses someone else's private channel", async () => {
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const response = await authorize({ socket_id: "1.2", channel_name: `private-user-${ben.user.id}` }, { cookie: ana.cookie });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe("channel_forbidden");
  });

  it("signs private-coaches for a coach and refuses it to an athlete", async () => {
    const cora = await signIn("Cora", "coach");
    const coach = await authorize({ socket_id: "3.4", channel_name: "private-coaches" }, { cookie: cora.cookie });
    expect(coach.status).toBe(200);
    expect(await coach.json()).toEqual({ auth: sign("3.4:private-coaches") });
    const ana = await signIn("Ana");
    const athlete = await authorize({ socket_id: "3.4", channel_name: "private-coaches" }, { cookie: ana.cookie });
    expect(athlete.status).toBe(403);
    expect((await errorOf(athlete)).code).toBe("channel_forbidden");
  });

  it("takes presence identity from the session, not from the request", async () => {
    const { user, cookie } = await signIn("Cora", "coach");
    const response = await authorize(
      { socket_id: "7.8", channel_name: "presence-chat", user_id: "someone-else", channel_data: '{"user_id":"x"}' } as Record<string, string>,
      { cookie },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { auth: string; channel_data: string };
    expect(JSON.parse(body.channel_data)).toEqual({ user_id: user.id, user_info: { name: "Cora", role: "coach" } });
    expect(body.auth).toBe(sign(`7.8:presence-chat:${body.channel_data}`));
  });

  it.each(["private-anything", "presence-other", "chat-channel", "private-user-", "private-encrypted-x"])(
    "refuses %s with 403",
    async (channel) => {
      const { cookie } = await signIn("Ana");
      expect((await authorize({ socket_id: "1.2", channel_name: channel }, { cookie })).status).toBe(403);
    },
  );

  it.each([
    [{ socket_id: "abc", channel_name: "presence-chat" }, "socket_id"],
    [{ socket_id: "1.2", channel_name: "presence chat" }, "channel_name"],
    [{ socket_id: "1.2", channel_name: "p".repeat(165) }, "channel_name"],
    [{ channel_name: "presence-chat" }, "socket_id"],
  ])("validates %j before anything else (422)", async (form, path) => {
    const { cookie } = await signIn("Ana");
    const response = await authorize(form as Record<string, string>, { cookie });
    expect(response.status).toBe(422);
    expect((await errorOf(response)).issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it("wants a form body and a same-site origin", async () => {
    const { cookie } = await signIn("Ana");
    expect((await POST(makeRequest("/api/pusher/auth", { json: { socket_id: "1.2" }, cookie }), undefined)).status).toBe(415);
    expect(
      (await authorize({ socket_id: "1.2", channel_name: "presence-chat" }, { cookie, origin: "https://evil.example" })).status,
    ).toBe(403);
  });
});

describe("channel authorization rate limit", () => {
  beforeEach(() => resetApp());

  const GYM = "192.0.2.77";

  it("lets a team of 30 behind one address each authorize several channels", async () => {
    const team = [];
    for (let i = 0; i < 30; i += 1) team.push(await signIn(`Athlete ${i}`, "athlete", { ip: `198.51.100.${i + 1}` }));
    // 30 people × (own channel + presence) × 3 reconnects = 180 from one address, past the old 120.
    for (let round = 0; round < 3; round += 1) {
      for (const [index, { user, cookie }] of team.entries()) {
        for (const channel of [`private-user-${user.id}`, "presence-chat"]) {
          const response = await authorize({ socket_id: `${round + 1}.${index + 1}`, channel_name: channel }, { cookie, ip: GYM });
          expect(response.status, `${user.name} ${channel} round ${round}`).toBe(200);
        }
      }
    }
  });

  it("answers 429 with Retry-After past 120 a minute for one user, from any address, not for others", async () => {
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const form = { socket_id: "1.2", channel_name: `private-user-${ana.user.id}` };
    for (let n = 0; n < 120; n += 1) expect((await authorize(form, { cookie: ana.cookie, ip: `192.0.2.${(n % 50) + 1}` })).status).toBe(200);
    const limited = await authorize(form, { cookie: ana.cookie, ip: "192.0.2.200" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.headers.get("X-RateLimit-Limit")).toBe("120");
    expect((await errorOf(limited)).code).toBe("rate_limited");
    const benForm = { socket_id: "1.2", channel_name: `private-user-${ben.user.id}` };
    expect((await authorize(benForm, { cookie: ben.cookie, ip: "192.0.2.200" })).status).toBe(200);
  });

  it("still caps one address, 20 times looser: 2400 a minute, then 429", async () => {
    const users = [];
    for (let n = 0; n < 21; n += 1) users.push(await signIn(`Member ${n}`, "athlete", { ip: `198.51.100.${n + 1}` }));
    let sent = 0;
    for (const { user, cookie } of users) {
      for (let k = 0; k < 120 && sent < 2400; k += 1, sent += 1) {
        expect((await authorize({ socket_id: "1.2", channel_name: `private-user-${user.id}` }, { cookie, ip: GYM })).status).toBe(200);
      }
    }
    const last = users[20]!;
    const limited = await authorize({ socket_id: "1.2", channel_name: `private-user-${last.user.id}` }, { cookie: last.cookie, ip: GYM });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBeTruthy();
    // Someone else's address is not affected.
    expect((await authorize({ socket_id: "1.2", channel_name: `private-user-${last.user.id}` }, { cookie: last.cookie, ip: "192.0.2.9" })).status).toBe(200);
  });
});

