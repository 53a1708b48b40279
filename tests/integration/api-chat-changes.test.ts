import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { DELETE, GET, PATCH, POST } from "@/app/api/chat/route";
import { POST as PIN } from "@/app/api/chat/pins/route";
import { GET as REACTORS, POST as REACT } from "@/app/api/chat/reactions/route";
import { POST as READ } from "@/app/api/chat/read/route";
import { GET as READS } from "@/app/api/chat/reads/route";
import { POST as AUTH } from "@/app/api/pusher/auth/route";
import { EDIT_WINDOW_MS, MAX_LISTED_REACTORS, REACTION_EMOJI } from "@/lib/chat";
import { EVENT_DATA_MAX_BYTES } from "@/lib/limits";
import type { ChatHistory, MessageUpdatedEvent, NewMessageEvent, PinsUpdatedEvent, ReadsUpdatedEvent, ReadUpdatedEvent } from "@/lib/schemas";
import { setChatStore } from "@/server/chat/chat-service";
import { MemoryChatStore } from "@/server/chat/chat-store";

import { ADMIN_TOKEN, errorOf, makeRequest, signIn } from "../support/app";
import { useAppOnRedis } from "../support/redis-app";
import { type Client, newClient, nextEvent, subscribed, useEmbeddedServer } from "../support/realtime";

type Person = Awaited<ReturnType<typeof signIn>>;

const send = (handler: (request: ReturnType<typeof makeRequest>, context?: unknown) => Promise<Response>, path: string, options: Parameters<typeof makeRequest>[1]) =>
  handler(makeRequest(path, options), undefined);
const post = (who: Person, json: unknown) => send(POST, "/api/chat", { json, cookie: who.cookie });
const edit = (who: Person, json: unknown) => send(PATCH, "/api/chat", { method: "PATCH", json, cookie: who.cookie });
const remove = (who: Person, messageId: string) => send(DELETE, `/api/chat?messageId=${encodeURIComponent(messageId)}`, { method: "DELETE", cookie: who.cookie });
const react = (who: Person, json: unknown) => send(REACT, "/api/chat/reactions", { json, cookie: who.cookie });
const pin = (who: Person, json: unknown) => send(PIN, "/api/chat/pins", { json, cookie: who.cookie });
const read = (who: Person, json: unknown) => send(READ, "/api/chat/read", { json, cookie: who.cookie });
const history = async (who: Person, query = "") => (await send(GET, `/api/chat${query}`, { method: "GET", cookie: who.cookie })).json() as Promise<ChatHistory>;

async function posted(who: Person, text: string, extra: Record<string, unknown> = {}): Promise<NewMessageEvent> {
  const response = await post(who, { message: text, ...extra });
  expect(response.status).toBe(201);
  return ((await response.json()) as { message: NewMessageEvent }).message;
}

/** A pusher-js client signed in as `who` (private channels authorized through the app's own route). */
function clientOf(port: number, who: Person): Client {
  return newClient(port, async (socketId, channelName) => {
    const response = await send(AUTH, "/api/pusher/auth", { form: { socket_id: socketId, channel_name: channelName }, cookie: who.cookie });
    if (response.status !== 200) throw new Error(`auth ${response.status}`);
    return (await response.json()) as { auth: string };
  });
}

describe.each(["memory", "redis"] as const)("chat changes over HTTP: edits, deletes, reactions, replies, pins, read positions (%s)", (kind) => {
  const realtime = useEmbeddedServer();
  if (kind === "redis") useAppOnRedis(() => ({ REALTIME_PORT: String(realtime.port) }));
  let client: Client;
  let ana: Person;
  let ben: Person;
  let cora: Person;

  beforeEach(async () => {
    if (kind === "memory") setChatStore(new MemoryChatStore());
    client = newClient(realtime.port);
    await subscribed(client, "chat-channel");
    ana = await signIn("Ana");
    ben = await signIn("Ben");
    cora = await signIn("Cora", "coach");
  });
  afterEach(() => {
    client.disconnect();
    vi.useRealTimers();
  });

  it("edits the author's message live, refuses others (403), bad input (422) and late edits (409)", async () => {
    const message = await posted(ana, "Tempo run at 6");
    const live = nextEvent<MessageUpdatedEvent>(client, "chat-channel", "message-updated");
    const response = await edit(ana, { messageId: message.id, message: "Tempo run at 7" });
    expect(response.status).toBe(200);
    const { message: edited } = (await response.json()) as { message: MessageUpdatedEvent };
    expect(edited).toMatchObject({ id: message.id, seq: 1, rev: 2, message: "Tempo run at 7", editedAt: expect.any(String), epoch: message.epoch });
    expect(await live).toEqual(edited);

    expect((await errorOf(await edit(ben, { messageId: message.id, message: "mine now" }))).code).toBe("not_author");
    expect((await edit(cora, { messageId: message.id, message: "coach edit" })).status).toBe(403);
    expect((await edit(ana, { messageId: message.id, message: "  " })).status).toBe(422);
    expect((await edit(ana, { messageId: "not-an-id", message: "x" })).status).toBe(422);
    expect((await edit(ana, { messageId: message.id, message: "x", userId: ben.user.id })).status).toBe(422);
    expect((await errorOf(await edit(ana, { messageId: "m99-nope", message: "x" }))).code).toBe("message_not_found");
    expect((await send(PATCH, "/api/chat", { method: "PATCH", json: { messageId: message.id, message: "x" } })).status).toBe(401);

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + EDIT_WINDOW_MS + 1_000);
    const late = await edit(ana, { messageId: message.id, message: "too late" });
    expect(late.status).toBe(409);
    expect((await errorOf(late)).code).toBe("edit_window_closed");
  });

  it("deletes the author's own or, for a coach, anyone's; the seq stays and history shows it removed", async () => {
    const first = await posted(ana, "first");
    const second = await posted(ben, "second");
    expect((await errorOf(await remove(ben, first.id))).code).toBe("not_author");
    const live = nextEvent<MessageUpdatedEvent>(client, "chat-channel", "message-updated");
    const own = await remove(ana, first.id);
    expect(own.status).toBe(200);
    expect(await live).toMatchObject({ id: first.id, deleted: true, message: "" });
    expect((await remove(cora, second.id)).status).toBe(200);
    expect((await remove(ana, first.id)).status).toBe(200);
    const { messages } = await history(ana);
    expect(messages.map((m) => [m.seq, m.deleted, m.message])).toEqual([
      [1, true, ""],
      [2, true, ""],
    ]);
    expect((await edit(ana, { messageId: first.id, message: "back" })).status).toBe(409);
    expect((await send(DELETE, "/api/chat", { method: "DELETE", cookie: ana.cookie })).status).toBe(422);
  });

  it("sets reactions on and off idempotently, live, and names who reacted", async () => {
    const message = await posted(ana, "New PR!");
    const live = nextEvent<MessageUpdatedEvent>(client, "chat-channel", "message-updated");
    const on = await react(ben, { messageId: message.id, emoji: "🔥", on: true });
    expect(on.status).toBe(200);
    expect((await live).reactions).toEqual([{ emoji: "🔥", count: 1, userIds: [ben.user.id] }]);
    const again = (await (await react(ben, { messageId: message.id, emoji: "🔥", on: true })).json()) as { message: MessageUpdatedEvent };
    expect(again.message.reactions).toEqual([{ emoji: "🔥", count: 1, userIds: [ben.user.id] }]);
    await react(cora, { messageId: message.id, emoji: "🔥", on: true });
    const who = await send(REACTORS, `/api/chat/reactions?messageId=${message.id}&emoji=${encodeURIComponent("🔥")}`, { method: "GET", cookie: ana.cookie });
    expect(await who.json()).toEqual({ emoji: "🔥", count: 2, users: [{ id: ben.user.id, name: "Ben" }, { id: cora.user.id, name: "Cora" }] });
    const off = (await (await react(ben, { messageId: message.id, emoji: "🔥", on: false })).json()) as { message: MessageUpdatedEvent };
    expect(off.message.reactions).toEqual([{ emoji: "🔥", count: 1, userIds: [cora.user.id] }]);

    expect((await react(ben, { messageId: message.id, emoji: "🤡", on: true })).status).toBe(422);
    expect((await react(ben, { messageId: message.id, emoji: "🔥" })).status).toBe(422);
    expect((await react(ben, { messageId: message.id, emoji: "🔥", on: "yes" })).status).toBe(422);
    expect((await send(REACTORS, `/api/chat/reactions?messageId=${message.id}&emoji=x`, { method: "GET", cookie: ana.cookie })).status).toBe(422);
    expect((await send(REACT, "/api/chat/reactions", { json: { messageId: message.id, emoji: "🔥", on: true } })).status).toBe(401);
  });

  it("keeps message-updated under 10 KB for the longest text with a quote and every emoji full of reactors", async () => {
    const original = await posted(ben, "🏃".repeat(2000));
    const message = await posted(ana, "🏋".repeat(2000), { replyTo: original.id });
    let last: MessageUpdatedEvent | undefined;
    for (const emoji of REACTION_EMOJI) {
      for (let i = 0; i < MAX_LISTED_REACTORS + 1; i += 1) {
        const person = await signIn(`P${emoji.codePointAt(0)}x${i}`, "athlete", { ip: `198.51.100.${i + 1}` });
        const answer = await react(person, { messageId: message.id, emoji, on: true });
        expect(answer.status).toBe(200);
        last = ((await answer.json()) as { message: MessageUpdatedEvent }).message;
      }
    }
    expect(last!.reactions!.every((reaction) => reaction.count === MAX_LISTED_REACTORS + 1)).toBe(true);
    const live = nextEvent<MessageUpdatedEvent>(client, "chat-channel", "message-updated");
    await react(ana, { messageId: message.id, emoji: "👍", on: true });
    const event = await live;
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(EVENT_DATA_MAX_BYTES);
    expect(event.reactions!.map((reaction) => reaction.count)).toEqual(REACTION_EMOJI.map((emoji) => (emoji === "👍" ? MAX_LISTED_REACTORS + 2 : MAX_LISTED_REACTORS + 1)));
    expect(event.message).toBe("🏋".repeat(2000));
  }, 30_000);

  it("quotes the original in a reply, empties the quote when the original is deleted, and refuses replies to unknown (404) or deleted (409) messages", async () => {
    const original = await posted(ben, "Who is in for hills on Saturday? ".repeat(5));
    const reply = await posted(ana, "Me!", { replyTo: original.id });
    expect(reply.replyTo).toEqual({ id: original.id, seq: 1, userId: ben.user.id, user: "Ben", excerpt: expect.stringMatching(/^Who is in for hills.*…$/) });
    expect([...reply.replyTo!.excerpt]).toHaveLength(100);
    expect((await post(ana, { message: "x", replyTo: "m99-nothingHere" })).status).toBe(404);
    const updates: MessageUpdatedEvent[] = [];
    client.channel("chat-channel").bind("message-updated", (data: MessageUpdatedEvent) => updates.push(data));
    await remove(ben, original.id);
    // The reply keeps its quote, emptied: the deleted text lives on nowhere.
    const quoted = { ...reply.replyTo!, excerpt: "", deleted: true };
    await expect.poll(() => updates.map((m) => m.id)).toEqual([original.id, reply.id]);
    expect(updates[1]!.replyTo).toEqual(quoted);
    const { messages } = await history(ana);
    expect(messages[1]!.replyTo).toEqual(quoted);
    expect(JSON.stringify(messages)).not.toContain("Saturday");
    expect((await errorOf(await post(ana, { message: "x", replyTo: original.id }))).code).toBe("message_deleted");
    expect((await post(ana, { message: "x", replyTo: 5 })).status).toBe(422);
  });

  it("lets coaches pin (live, at most 5) and unpin; athletes get 403", async () => {
    const messages = [];
    for (let i = 1; i <= 6; i += 1) messages.push(await posted(ana, `plan ${i}`));
    expect((await errorOf(await pin(ana, { messageId: messages[0]!.id, pinned: true }))).code).toBe("coach_only");
    const live = nextEvent<PinsUpdatedEvent>(client, "chat-channel", "pins-updated");
    const first = await pin(cora, { messageId: messages[0]!.id, pinned: true });
    expect(first.status).toBe(200);
    const pinned = (await first.json()) as PinsUpdatedEvent;
    expect(pinned.pins).toEqual([expect.objectContaining({ id: messages[0]!.id, excerpt: "plan 1", pinnedBy: "Cora" })]);
    expect(await live).toEqual(pinned);
    for (let i = 1; i < 5; i += 1) expect((await pin(cora, { messageId: messages[i]!.id, pinned: true })).status).toBe(200);
    expect((await errorOf(await pin(cora, { messageId: messages[5]!.id, pinned: true }))).code).toBe("too_many_pins");
    const byAdmin = await send(PIN, "/api/chat/pins", { json: { messageId: messages[0]!.id, pinned: false }, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(byAdmin.status).toBe(200);
    expect(((await byAdmin.json()) as PinsUpdatedEvent).pins).toHaveLength(4);
    expect((await history(ana)).pins!.map((p) => p.excerpt)).toEqual(["plan 2", "plan 3", "plan 4", "plan 5"]);
    expect((await pin(cora, { messageId: messages[0]!.id })).status).toBe(422);
  });

  it("moves read positions forward only, tells the reader's tabs and the coaches, and shows positions to coaches only", async () => {
    for (let i = 1; i <= 3; i += 1) await posted(ben, `m${i}`);
    const anaTabs = clientOf(realtime.port, ana);
    const coachTab = clientOf(realtime.port, cora);
    const athleteTab = clientOf(realtime.port, ana);
    try {
      await subscribed(anaTabs, `private-user-${ana.user.id}`);
      await subscribed(coachTab, "private-coaches");
      await expect(subscribed(athleteTab, "private-coaches", 2_000)).rejects.toBeTruthy();
      const mine = nextEvent<ReadUpdatedEvent>(anaTabs, `private-user-${ana.user.id}`, "read-updated");
      const coaches = nextEvent<ReadsUpdatedEvent>(coachTab, "private-coaches", "reads-updated");
      const response = await read(ana, { seq: 2 });
      expect(response.status).toBe(200);
      const answer = (await response.json()) as ReadUpdatedEvent;
      expect(answer.lastReadSeq).toBe(2);
      expect(await mine).toEqual(answer);
      expect(await coaches).toEqual({ userId: ana.user.id, name: "Ana", seq: 2, epoch: answer.epoch });
      expect(((await (await read(ana, { seq: 1 })).json()) as ReadUpdatedEvent).lastReadSeq).toBe(2);
      expect(((await (await read(ana, { seq: 50 })).json()) as ReadUpdatedEvent).lastReadSeq).toBe(3);
      expect((await history(ana)).lastReadSeq).toBe(3);
      expect((await history(ben)).lastReadSeq).toBe(0);

      const reads = await send(READS, "/api/chat/reads", { method: "GET", cookie: cora.cookie });
      expect(((await reads.json()) as { reads: unknown[] }).reads).toEqual([{ userId: ana.user.id, name: "Ana", seq: 3 }]);
      const refused = await send(READS, "/api/chat/reads", { method: "GET", cookie: ana.cookie });
      expect(refused.status).toBe(403);
      expect((await read(ana, { seq: -1 })).status).toBe(422);
      expect((await read(ana, { seq: "3" })).status).toBe(422);
      expect((await read(ana, { seq: 1.5 })).status).toBe(422);
    } finally {
      anaTabs.disconnect();
      coachTab.disconnect();
      athleteTab.disconnect();
    }
  });

  it("returns what changed since a rev with the history, and says reload when too far behind", async () => {
    const one = await posted(ana, "one");
    const two = await posted(ana, "two");
    const { rev } = await history(ana);
    await edit(ana, { messageId: one.id, message: "one, edited" });
    await react(ben, { messageId: two.id, emoji: "👍", on: true });
    const since = await history(ben, `?after=2&changesSince=${rev}`);
    expect(since.messages).toEqual([]);
    expect(since.rev).toBe(rev + 2);
    expect(since.changes!.map((m) => m.message).sort()).toEqual(["one, edited", "two"]);
    expect((await send(GET, "/api/chat?changesSince=-1", { method: "GET", cookie: ana.cookie })).status).toBe(422);
  });

  it("limits edits and deletes to 30 a minute per user, and reactions to 60", async () => {
    const message = await posted(ana, "v0");
    for (let i = 1; i <= 30; i += 1) expect((await edit(ana, { messageId: message.id, message: `v${i}` })).status).toBe(200);
    const limited = await edit(ana, { messageId: message.id, message: "v31" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBeTruthy();
    expect((await remove(ana, message.id)).status).toBe(429);
    for (let i = 0; i < 60; i += 1) expect((await react(ben, { messageId: message.id, emoji: "👍", on: i % 2 === 0 })).status).toBe(200);
    expect((await react(ben, { messageId: message.id, emoji: "👍", on: true })).status).toBe(429);
    expect((await react(cora, { messageId: message.id, emoji: "👍", on: true })).status).toBe(200);
  });
});
