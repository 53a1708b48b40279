import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { POST as accept } from "@/app/api/calls/[id]/accept/route";
import { POST as decline } from "@/app/api/calls/[id]/decline/route";
import { POST as leave } from "@/app/api/calls/[id]/leave/route";
import { GET as ringing, POST as start } from "@/app/api/calls/route";
import { POST as channelAuth } from "@/app/api/pusher/auth/route";
import type { Call, CallJoinResponse } from "@/lib/call-schemas";
import { callChannel, MAX_CALL_PEOPLE, RING_TIMEOUT_MS } from "@/lib/calls";
import { clearCalls } from "@/server/calls/call-store";
import { authorizeChannel } from "@/server/channel-auth";
import { setRateLimiterFactory } from "@/server/rate-limit";

import { errorOf, makeRequest, resetApp, signIn } from "../support/app";
import { type Client, newClient, nextEvent, subscribed, useEmbeddedServer } from "../support/realtime";

type Person = Awaited<ReturnType<typeof signIn>>;

const startCall = (json: unknown, cookie?: string, headers?: Record<string, string>) =>
  start(makeRequest("/api/calls", { json, cookie, headers }), undefined);
const answer = (handler: typeof accept, id: string, action: string, cookie?: string) =>
  handler(makeRequest(`/api/calls/${encodeURIComponent(id)}/${action}`, { cookie }), undefined);

async function callFrom(coach: Person, invitees: Person[], video = true): Promise<CallJoinResponse> {
  const response = await startCall({ invitees: invitees.map((p) => p.user.id), video }, coach.cookie);
  expect(response.status).toBe(201);
  return (await response.json()) as CallJoinResponse;
}

describe("calls API", () => {
  const realtime = useEmbeddedServer();
  const clients: Client[] = [];
  const clientOf = (person: Person) => {
    const client = newClient(realtime.port, async (socketId, channel) => authorizeChannel(person.user, socketId, channel));
    clients.push(client);
    return client;
  };

  beforeEach(() => clearCalls());
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });

  it("lets a coach ring an athlete: 201 with the call, and a call-invite on the athlete's channel", async () => {
    const coach = await signIn("Cora", "coach");
    const ana = await signIn("Ana");
    const anaClient = clientOf(ana);
    await subscribed(anaClient, `private-user-${ana.user.id}`);
    const invite = nextEvent<{ call: Call }>(anaClient, `private-user-${ana.user.id}`, "call-invite");
    const { call, iceServers } = await callFrom(coach, [ana]);
    expect(iceServers).toEqual([]);
    expect(call.participants).toEqual([
      { id: coach.user.id, name: "Cora", role: "coach", state: "joined" },
      { id: ana.user.id, name: "Ana", role: "athlete", state: "invited" },
    ]);
    expect(Date.parse(call.ringUntil) - Date.parse(call.createdAt)).toBe(RING_TIMEOUT_MS);
    const received = await invite;
    expect(received.call).toEqual(call);
    expect(JSON.stringify(received).length).toBeLessThan(10_240);
  });

  it("hands the ICE servers from settings to participants only", async () => {
    const ice = [{ urls: ["turn:turn.example.org:3478"], username: "u", credential: "secret" }];
    resetApp({ REALTIME_PORT: String(realtime.port), ICE_SERVERS: JSON.stringify(ice) });
    const coach = await signIn("Cora", "coach");
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const { call, iceServers } = await callFrom(coach, [ana]);
    expect(iceServers).toEqual(ice);
    const joined = await answer(accept, call.id, "accept", ana.cookie);
    expect((await joined.json()).iceServers).toEqual(ice);
    expect((await answer(accept, call.id, "accept", ben.cookie)).status).toBe(403);
  });

  it("is for coaches with a session: athletes 403, strangers 401, the admin token 401", async () => {
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const refused = await startCall({ invitees: [ben.user.id] }, ana.cookie);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe("coach_only");
    expect((await startCall({ invitees: [ben.user.id] })).status).toBe(401);
    expect((await startCall({ invitees: [ben.user.id] }, undefined, { authorization: "Bearer coachpro-development-admin-token" })).status).toBe(401);
  });

  it(`takes at most ${MAX_CALL_PEOPLE} people, distinct, known, and not yourself (422)`, async () => {
    const coach = await signIn("Cora", "coach");
    const people = await Promise.all(["Ana", "Ben", "Cy", "Dee"].map((name) => signIn(name)));
    const ids = people.map((p) => p.user.id);
    expect((await startCall({ invitees: ids.slice(0, 3) }, coach.cookie)).status).toBe(201);
    const four = await startCall({ invitees: ids }, coach.cookie);
    expect(four.status).toBe(422);
    expect((await errorOf(four)).issues).toEqual([expect.objectContaining({ path: "invitees" })]);
    expect((await startCall({ invitees: [] }, coach.cookie)).status).toBe(422);
    expect((await startCall({ invitees: [ids[0], ids[0]] }, coach.cookie)).status).toBe(422);
    expect((await startCall({ invitees: [coach.user.id] }, coach.cookie)).status).toBe(422);
    expect((await startCall({ invitees: ["nobody-here"] }, coach.cookie)).status).toBe(422);
    expect((await startCall({ invitees: ["a b"] }, coach.cookie)).status).toBe(422);
    expect((await startCall({ invitees: ids[0] }, coach.cookie)).status).toBe(422);
    expect((await startCall({ invitees: [ids[0]], video: "yes" }, coach.cookie)).status).toBe(422);
    expect((await start(makeRequest("/api/calls", { body: "{", headers: { "content-type": "application/json" }, cookie: coach.cookie }), undefined)).status).toBe(400);
  });

  it("limits how many calls a coach starts (429 with Retry-After)", async () => {
    setRateLimiterFactory(undefined);
    const coach = await signIn("Cora", "coach");
    const ana = await signIn("Ana");
    let last: Response | undefined;
    for (let i = 0; i < 11; i += 1) last = await startCall({ invitees: [ana.user.id] }, coach.cookie);
    expect(last!.status).toBe(429);
    expect(last!.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("lets only participants decline or leave (403 for others, 404 for an unknown call, 422 for a bad id)", async () => {
    const coach = await signIn("Cora", "coach");
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const { call } = await callFrom(coach, [ana]);
    for (const [handler, action] of [[decline, "decline"], [leave, "leave"], [accept, "accept"]] as const) {
      const outsider = await answer(handler, call.id, action, ben.cookie);
      expect(outsider.status).toBe(403);
      expect((await errorOf(outsider)).code).toBe("not_in_call");
      expect((await answer(handler, call.id, action)).status).toBe(401);
      expect((await answer(handler, "no-such-call", action, ana.cookie)).status).toBe(404);
      expect((await answer(handler, "a b", action, ana.cookie)).status).toBe(422);
    }
  });

  it("tells everyone when an athlete declines, and ends the call when nobody is left to answer", async () => {
    const coach = await signIn("Cora", "coach");
    const ana = await signIn("Ana");
    const coachClient = clientOf(coach);
    await subscribed(coachClient, `private-user-${coach.user.id}`);
    const { call } = await callFrom(coach, [ana]);
    const update = nextEvent<{ call: Call }>(coachClient, `private-user-${coach.user.id}`, "call-update");
    const response = await answer(decline, call.id, "decline", ana.cookie);
    expect(response.status).toBe(200);
    const { call: declined } = (await response.json()) as { call: Call };
    expect(declined.participants[1]!.state).toBe("declined");
    expect(declined.endedAt).not.toBeNull();
    expect((await update).call).toEqual(declined);
    // Answers are idempotent; a call that is over cannot be joined.
    expect((await answer(decline, call.id, "decline", ana.cookie)).status).toBe(200);
    expect((await answer(accept, call.id, "accept", ana.cookie)).status).toBe(410);
  });

  it("keeps a group call going while two remain, and ends it when the last but one leaves", async () => {
    const coach = await signIn("Cora", "coach");
    const [ana, ben] = [await signIn("Ana"), await signIn("Ben")];
    const { call } = await callFrom(coach, [ana, ben]);
    expect((await answer(accept, call.id, "accept", ana.cookie)).status).toBe(200);
    expect((await answer(accept, call.id, "accept", ben.cookie)).status).toBe(200);
    const afterCoach = (await (await answer(leave, call.id, "leave", coach.cookie)).json()) as { call: Call };
    expect(afterCoach.call.endedAt).toBeNull();
    const afterAna = (await (await answer(leave, call.id, "leave", ana.cookie)).json()) as { call: Call };
    expect(afterAna.call.endedAt).not.toBeNull();
    expect((await answer(accept, call.id, "accept", ben.cookie)).status).toBe(200); // already joined: same answer
  });

  it("lists the calls ringing for you (a tab that missed the invite), and only those", async () => {
    const coach = await signIn("Cora", "coach");
    const [ana, ben, eve] = [await signIn("Ana"), await signIn("Ben"), await signIn("Eve")];
    const list = async (person: Person) => {
      const response = await ringing(makeRequest("/api/calls", { method: "GET", cookie: person.cookie }), undefined);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      return ((await response.json()) as { calls: Call[]; now: string }).calls.map((c) => c.id);
    };
    const { call } = await callFrom(coach, [ana, ben]);
    expect(await list(ana)).toEqual([call.id]);
    expect(await list(eve)).toEqual([]);
    expect(await list(coach)).toEqual([]); // the caller is not rung
    await answer(decline, call.id, "decline", ana.cookie);
    expect(await list(ana)).toEqual([]);
    await answer(accept, call.id, "accept", ben.cookie);
    expect(await list(ben)).toEqual([]);
    expect((await ringing(makeRequest("/api/calls", { method: "GET" }), undefined)).status).toBe(401);
  });

  it("refuses to accept once the invitation stopped ringing (410)", async () => {
    const coach = await signIn("Cora", "coach");
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const { call } = await callFrom(coach, [ana, ben]);
    await answer(accept, call.id, "accept", ana.cookie);
    const { getCallStore } = await import("@/server/calls/call-store");
    await expect(getCallStore().move(call.id, ben.user.id, "joined", new Date(Date.parse(call.ringUntil) + 1))).rejects.toMatchObject({ status: 410 });
  });
});

describe("call channel authorization and signalling", () => {
  const realtime = useEmbeddedServer();
  const clients: Client[] = [];
  const clientOf = (person: Person) => {
    const client = newClient(realtime.port, async (socketId, channel) => authorizeChannel(person.user, socketId, channel));
    clients.push(client);
    return client;
  };
  const auth = (channel: string, cookie: string) =>
    channelAuth(makeRequest("/api/pusher/auth", { form: { socket_id: "1.2", channel_name: channel }, cookie }), undefined);

  beforeEach(() => clearCalls());
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });

  it("signs presence-call-{id} for participants, with their session identity, and 403 for anyone else", async () => {
    const coach = await signIn("Cora", "coach");
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const { call } = await callFrom(coach, [ana]);
    const channel = callChannel(call.id);
    const signed = await auth(channel, ana.cookie);
    expect(signed.status).toBe(200);
    expect(JSON.parse(((await signed.json()) as { channel_data: string }).channel_data)).toEqual({ user_id: ana.user.id, user_info: { name: "Ana", role: "athlete" } });
    expect((await auth(channel, coach.cookie)).status).toBe(200);
    const outsider = await auth(channel, ben.cookie);
    expect(outsider.status).toBe(403);
    expect((await errorOf(outsider)).code).toBe("channel_forbidden");
    expect((await auth(callChannel("no-such-call"), ana.cookie)).status).toBe(403);
    expect((await auth(`private-call-${call.id}`, ana.cookie)).status).toBe(403);
  });

  it("carries signalling between participants, stamped with the sender, and never lets an outsider in", async () => {
    const coach = await signIn("Cora", "coach");
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const { call } = await callFrom(coach, [ana]);
    const channel = callChannel(call.id);
    const coachClient = clientOf(coach);
    const anaClient = clientOf(ana);
    await subscribed(coachClient, channel);
    await subscribed(anaClient, channel);

    const received = new Promise<{ data: unknown; userId?: string }>((resolve) =>
      anaClient.channel(channel)!.bind("client-signal", (data: unknown, metadata?: { user_id?: string }) => resolve({ data, userId: metadata?.user_id })),
    );
    const offer = { to: ana.user.id, description: { type: "offer", sdp: "v=0\r\n" } };
    expect(coachClient.channel(channel)!.trigger("client-signal", offer)).toBe(true);
    expect(await received).toEqual({ data: offer, userId: coach.user.id });

    await expect(subscribed(clientOf(ben), channel)).rejects.toThrow(/subscription to presence-call-.* failed/);
  });

  it("stops signing the channel for someone who declined or left, and for everyone once the call is over", async () => {
    const coach = await signIn("Cora", "coach");
    const [ana, ben] = [await signIn("Ana"), await signIn("Ben")];
    const { call } = await callFrom(coach, [ana, ben]);
    const channel = callChannel(call.id);
    await answer(accept, call.id, "accept", ana.cookie);
    await answer(decline, call.id, "decline", ben.cookie);
    expect((await auth(channel, ben.cookie)).status).toBe(403);
    expect((await auth(channel, ana.cookie)).status).toBe(200);
    await answer(leave, call.id, "leave", ana.cookie);
    expect((await auth(channel, ana.cookie)).status).toBe(403);
    expect((await auth(channel, coach.cookie)).status).toBe(403);
  });
});
