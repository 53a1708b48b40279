/**
 * A page that was offline while messages were edited, deleted, reacted to
 * and pinned ends in the same state as a page that stayed online — over the
 * embedded realtime server with the real SDKs (pusher on the server,
 * pusher-js for the pages), on both store backends. The pages keep state as
 * useChat does (chat-state's reducer, a SeqTracker for seqs and one for
 * revs) and catch up as it does on every (re)subscription.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { DELETE, GET, PATCH, POST } from "@/app/api/chat/route";
import { POST as PIN } from "@/app/api/chat/pins/route";
import { POST as REACT } from "@/app/api/chat/reactions/route";
import { chatReducer, initialChatState, type ChatAction, type ChatState } from "@/hooks/chat-state";
import { SeqTracker } from "@/hooks/chat-sequence";
import { chatHistorySchema, messageUpdatedEventSchema, newMessageEventSchema, pinsUpdatedEventSchema } from "@/lib/client-schemas";
import type { ChatHistory, NewMessageEvent, Pin } from "@/lib/schemas";
import { setChatStore } from "@/server/chat/chat-service";
import { MemoryChatStore } from "@/server/chat/chat-store";

import { makeRequest, signIn } from "../support/app";
import { useAppOnRedis } from "../support/redis-app";
import { type Client, newClient, useEmbeddedServer } from "../support/realtime";

type Person = Awaited<ReturnType<typeof signIn>>;

const call = async (handler: typeof GET, path: string, options: Parameters<typeof makeRequest>[1]) => {
  const response = await handler(makeRequest(path, options), undefined);
  expect(response.status, `${options?.method ?? "POST"} ${path}`).toBeLessThan(300);
  return response.json() as Promise<unknown>;
};

/** One browser tab's chat: live events applied as they come, and a catch-up at every (re)subscription. */
class Page {
  state: ChatState = initialChatState;
  pins: Pin[] = [];
  private pinsRev = -1;
  private readonly seqs = new SeqTracker();
  private readonly revs = new SeqTracker();
  private syncing: Promise<void> = Promise.resolve();
  syncs = 0;
  readonly client: Client;

  constructor(
    port: number,
    private readonly who: Person,
  ) {
    this.client = newClient(port);
    const channel = this.client.subscribe("chat-channel");
    channel.bind("pusher:subscription_succeeded", () => {
      this.syncing = this.syncing.then(() => this.sync());
    });
    channel.bind("new-message", (data: unknown) => {
      const { epoch: _epoch, ...message } = newMessageEventSchema.parse(data);
      this.seqs.see(message.seq);
      this.revs.see(message.rev);
      this.apply({ type: "merge", messages: [message] });
    });
    channel.bind("message-updated", (data: unknown) => {
      const { epoch: _epoch, ...message } = messageUpdatedEventSchema.parse(data);
      this.revs.see(message.rev);
      this.apply({ type: "update", messages: [message] });
    });
    channel.bind("pins-updated", (data: unknown) => {
      const update = pinsUpdatedEventSchema.parse(data);
      this.revs.see(update.rev);
      this.takePins(update.pins, update.rev);
    });
  }

  private apply(action: ChatAction) {
    this.state = chatReducer(this.state, action);
  }

  private takePins(pins: Pin[], rev: number) {
    if (rev < this.pinsRev) return;
    this.pinsRev = rev;
    this.pins = pins;
  }

  private async read(query: string): Promise<ChatHistory> {
    return chatHistorySchema.parse(await call(GET, `/api/chat${query}`, { method: "GET", cookie: this.who.cookie }));
  }

  /** What useChat's catchUp does: the latest page first, then `after` the seqs held and `changesSince` the revs held. */
  private async sync() {
    this.syncs += 1;
    if (!this.state.loaded) {
      const page = await this.read("?limit=50");
      this.seqs.fetched(page.messages.at(-1)?.seq ?? 0);
      this.revs.fetched(page.rev);
      this.takePins(page.pins ?? [], page.rev);
      this.apply({ type: "loaded", messages: page.messages, hasOlder: page.hasMore });
      return;
    }
    const page = await this.read(`?after=${this.seqs.contiguous}&limit=100&changesSince=${this.revs.contiguous}`);
    expect(page.reload).toBeUndefined();
    this.seqs.fetched(page.messages.at(-1)?.seq ?? this.seqs.contiguous);
    this.apply({ type: "merge", messages: page.messages });
    this.apply({ type: "update", messages: page.changes ?? [] });
    this.revs.fetched(page.rev);
    this.takePins(page.pins ?? [], page.rev);
  }

  /** Waits for the catch-up after the current (re)subscription. */
  async synced(count: number) {
    await expect.poll(() => this.syncs, { timeout: 5_000 }).toBeGreaterThanOrEqual(count);
    await this.syncing;
  }
}

/** The scenario on whichever store the app uses now. */
async function offlinePageCatchesUp(port: number) {
  const ana = await signIn("Ana");
  const ben = await signIn("Ben");
  const cora = await signIn("Cora", "coach");
  const post = async (who: Person, message: string) => ((await call(POST, "/api/chat", { json: { message }, cookie: who.cookie })) as { message: NewMessageEvent }).message;
  const first = await post(ana, "Hills on Saturday?");
  const second = await post(ben, "Who has the keys?");
  const third = await post(ana, "Tempo at 6");

  const online = new Page(port, ben);
  const offline = new Page(port, cora);
  try {
    await online.synced(1);
    await offline.synced(1);
    expect(offline.state.sent).toEqual(online.state.sent);

    offline.client.disconnect();
    await call(PATCH, "/api/chat", { method: "PATCH", json: { messageId: third.id, message: "Tempo at 7" }, cookie: ana.cookie });
    await call(DELETE, `/api/chat?messageId=${second.id}`, { method: "DELETE", cookie: ben.cookie });
    await call(REACT, "/api/chat/reactions", { json: { messageId: first.id, emoji: "🔥", on: true }, cookie: ben.cookie });
    await call(REACT, "/api/chat/reactions", { json: { messageId: first.id, emoji: "👍", on: true }, cookie: cora.cookie });
    await call(REACT, "/api/chat/reactions", { json: { messageId: first.id, emoji: "👍", on: false }, cookie: cora.cookie });
    await call(PIN, "/api/chat/pins", { json: { messageId: third.id, pinned: true }, cookie: cora.cookie });
    const reply = await call(POST, "/api/chat", { json: { message: "Me!", replyTo: first.id }, cookie: ben.cookie });

    const server = chatHistorySchema.parse(await call(GET, "/api/chat?limit=50", { method: "GET", cookie: ana.cookie }));
    await expect.poll(() => online.state.sent, { timeout: 5_000 }).toEqual(server.messages);
    expect(online.pins).toEqual(server.pins);
    // The page that was offline has none of it yet.
    expect(offline.state.sent.map((m) => m.message)).toEqual(["Hills on Saturday?", "Who has the keys?", "Tempo at 6"]);

    offline.client.connect();
    await offline.synced(2);
    expect(offline.state.sent).toEqual(online.state.sent);
    expect(offline.pins).toEqual(online.pins);
    expect(offline.state.sent.map((m) => [m.message, m.deleted ?? false, m.editedAt !== undefined, m.reactions])).toEqual([
      ["Hills on Saturday?", false, false, [{ emoji: "🔥", count: 1, userIds: [ben.user.id] }]],
      ["", true, false, undefined],
      ["Tempo at 7", false, true, undefined],
      ["Me!", false, false, undefined],
    ]);
    expect(offline.state.sent[3]!.replyTo).toEqual((reply as { message: NewMessageEvent }).message.replyTo);
    expect(offline.pins.map((p) => p.excerpt)).toEqual(["Tempo at 7"]);
  } finally {
    online.client.disconnect();
    offline.client.disconnect();
  }
}

describe("a page that was offline catches up on edits, deletes, reactions and pins (memory)", () => {
  const realtime = useEmbeddedServer();
  beforeEach(() => setChatStore(new MemoryChatStore()));
  afterEach(() => setChatStore(new MemoryChatStore()));

  it("ends in the same state as a page that stayed online", () => offlinePageCatchesUp(realtime.port));
});

describe("a page that was offline catches up on edits, deletes, reactions and pins (redis)", () => {
  const realtime = useEmbeddedServer();
  useAppOnRedis(() => ({ REALTIME_PORT: String(realtime.port) }));

  it("ends in the same state as a page that stayed online", () => offlinePageCatchesUp(realtime.port));
});
