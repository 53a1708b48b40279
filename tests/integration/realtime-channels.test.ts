/**
 * Channels through the real SDKs: public, private, presence (per user),
 * cache channels, client events, user sign-in and terminate_connections.
 */
import type { PresenceChannel } from "pusher-js";
import { errorCode, eventually, Harness, nextEvent, quietPeriod, subscribe } from "../support/realtime-harness";

type Member = { id: string; info: unknown };

describe("realtime channels", () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await Harness.start();
  });
  afterEach(async () => {
    await harness.close();
  });

  describe("public channels and REST triggers", () => {
    it("delivers a triggered event to a subscriber", async () => {
      const client = await harness.connectedClient();
      const channel = await subscribe(client, "chat-channel");
      const received = nextEvent(channel, "new-message");
      await harness.newBackend().trigger("chat-channel", "new-message", { message: "hello" });
      expect((await received)[0]).toEqual({ message: "hello" });
    });

    it("delivers one trigger to several channels, and every event of a batch", async () => {
      const client = await harness.connectedClient();
      const [a, b] = await Promise.all([subscribe(client, "channel-a"), subscribe(client, "channel-b")]);
      const both = Promise.all([nextEvent(a, "tick"), nextEvent(b, "tick")]);
      await harness.newBackend().trigger(["channel-a", "channel-b"], "tick", { n: 1 });
      expect((await both).map(([data]) => data)).toEqual([{ n: 1 }, { n: 1 }]);

      const batch = Promise.all([nextEvent(a, "first"), nextEvent(b, "second")]);
      await harness.newBackend().triggerBatch([
        { channel: "channel-a", name: "first", data: { n: 2 } },
        { channel: "channel-b", name: "second", data: { n: 3 } },
      ]);
      expect((await batch).map(([data]) => data)).toEqual([{ n: 2 }, { n: 3 }]);
    });

    it("does not deliver to the connection named by socket_id", async () => {
      const sender = await harness.connectedClient();
      const other = await harness.connectedClient();
      const senderChannel = await subscribe(sender, "chat-channel");
      const otherChannel = await subscribe(other, "chat-channel");
      const seenBySender: unknown[] = [];
      senderChannel.bind("new-message", (data: unknown) => seenBySender.push(data));

      const delivered = nextEvent(otherChannel, "new-message");
      await harness.newBackend().trigger("chat-channel", "new-message", { id: 1 }, { socket_id: sender.connection.socket_id });
      expect((await delivered)[0]).toEqual({ id: 1 });
      // Frames arrive in order: once a later marker reaches the sender, the excluded event never will.
      const marker = nextEvent(senderChannel, "marker");
      await harness.newBackend().trigger("chat-channel", "marker", {});
      await marker;
      expect(seenBySender).toEqual([]);
    });
  });

  describe("private channels", () => {
    it("subscribes with a signature from the backend SDK", async () => {
      const client = await harness.connectedClient();
      const channel = await subscribe(client, "private-user-1");
      const received = nextEvent(channel, "notice");
      await harness.newBackend().trigger("private-user-1", "notice", { ok: true });
      expect((await received)[0]).toEqual({ ok: true });
    });

    it("refuses a forged signature with subscription_error 401", async () => {
      const client = await harness.connectedClient({ forgeAuth: true });
      const channel = client.subscribe("private-user-1");
      const [error] = await nextEvent(channel, "pusher:subscription_error");
      expect(error).toMatchObject({ type: "AuthError", status: 401 });
      expect(harness.server.stats().channels).toBe(0);
    });
  });

  describe("presence channels", () => {
    const join = async (userId: string, name = "presence-chat") => {
      const client = await harness.connectedClient({ userId, userInfo: { name: `User ${userId}` } });
      const channel = (await subscribe(client, name)) as PresenceChannel;
      return { client, channel };
    };

    it("lists members with their info and announces a newcomer to the others", async () => {
      const alice = await join("alice");
      const added = nextEvent<[Member]>(alice.channel, "pusher:member_added");
      const bob = await join("bob");
      expect((await added)[0]).toEqual({ id: "bob", info: { name: "User bob" } });
      expect(bob.channel.members.count).toBe(2);
      expect(bob.channel.members.me).toEqual({ id: "bob", info: { name: "User bob" } });
      const ids: string[] = [];
      bob.channel.members.each((member: Member) => ids.push(member.id));
      expect(ids.sort()).toEqual(["alice", "bob"]);
    });

    it("counts a user with two tabs once: added on the first, removed only after the last closes", async () => {
      const observer = await join("observer");
      const events: string[] = [];
      observer.channel.bind("pusher:member_added", (m: Member) => events.push(`added ${m.id}`));
      observer.channel.bind("pusher:member_removed", (m: Member) => events.push(`removed ${m.id}`));
      const marker = async () => {
        const seen = nextEvent(observer.channel, "marker");
        await harness.newBackend().trigger("presence-chat", "marker", {});
        await seen;
      };

      const tab1 = await join("alice");
      const tab2 = await join("alice");
      await marker();
      expect(events).toEqual(["added alice"]);
      expect(tab2.channel.members.count).toBe(2);

      tab1.client.disconnect();
      await eventually(() => harness.server.stats().connections === 2, "first tab to close");
      await marker();
      expect(events).toEqual(["added alice"]);

      const removed = nextEvent<[Member]>(observer.channel, "pusher:member_removed");
      tab2.client.disconnect();
      expect((await removed)[0].id).toBe("alice");
      expect(events).toEqual(["added alice", "removed alice"]);
    });

    it("refuses the 101st distinct member with 403 but admits a known member's second tab", async () => {
      const backend = harness.newBackend();
      for (let i = 1; i <= 100; i += 1) {
        const raw = await harness.raw();
        const socketId = await raw.established();
        const auth = backend.authorizeChannel(socketId, "presence-full", { user_id: `user-${i}` });
        expect((await raw.subscribe("presence-full", auth)).event).toBe("pusher_internal:subscription_succeeded");
      }
      const newcomer = await harness.connectedClient({ userId: "user-101" });
      const [error] = await nextEvent(newcomer.subscribe("presence-full"), "pusher:subscription_error");
      expect(error).toMatchObject({ status: 403 });

      const secondTab = await harness.connectedClient({ userId: "user-1" });
      const channel = (await subscribe(secondTab, "presence-full")) as PresenceChannel;
      expect(channel.members.count).toBe(100);
    });
  });

  describe("client events", () => {
    it("reach the other subscribers but never echo to the sender", async () => {
      const sender = await harness.connectedClient();
      const receiver = await harness.connectedClient();
      const senderChannel = await subscribe(sender, "private-room");
      const receiverChannel = await subscribe(receiver, "private-room");
      const echoed: unknown[] = [];
      senderChannel.bind("client-typing", (data: unknown) => echoed.push(data));

      const received = nextEvent(receiverChannel, "client-typing");
      senderChannel.trigger("client-typing", { typing: true });
      expect((await received)[0]).toEqual({ typing: true });
      const marker = nextEvent(senderChannel, "marker");
      await harness.newBackend().trigger("private-room", "marker", {});
      await marker;
      expect(echoed).toEqual([]);
    });

    it("carry the sender's user_id on presence channels", async () => {
      const alice = await harness.connectedClient({ userId: "alice" });
      const bob = await harness.connectedClient({ userId: "bob" });
      const aliceChannel = await subscribe(alice, "presence-chat");
      const bobChannel = await subscribe(bob, "presence-chat");
      const received = nextEvent<[unknown, { user_id?: string }]>(bobChannel, "client-typing");
      aliceChannel.trigger("client-typing", { typing: true });
      const [data, metadata] = await received;
      expect(data).toEqual({ typing: true });
      expect(metadata.user_id).toBe("alice");
    });

    it("are refused on public channels with a pusher:error, connection kept", async () => {
      const sender = await harness.connectedClient();
      const receiver = await harness.connectedClient();
      const senderChannel = await subscribe(sender, "chat-channel");
      const receiverChannel = await subscribe(receiver, "chat-channel");
      const leaked: unknown[] = [];
      receiverChannel.bind("client-spam", (data: unknown) => leaked.push(data));

      const refused = nextEvent(sender.connection, "error");
      senderChannel.trigger("client-spam", {});
      expect(errorCode((await refused)[0])).toBe(4302);
      expect(sender.connection.state).toBe("connected");
      const marker = nextEvent(receiverChannel, "marker");
      await harness.newBackend().trigger("chat-channel", "marker", {});
      await marker;
      expect(leaked).toEqual([]);
    });

    it("are refused on a channel the sender has not joined", async () => {
      const raw = await harness.raw();
      await raw.established();
      raw.send({ event: "client-x", channel: "private-elsewhere", data: {} });
      expect(await raw.nextEvent("pusher:error")).toMatchObject({ data: { code: 4302 } });
    });

    it("drop the 11th event within a second with 4301 and keep the connection open", async () => {
      const backend = harness.newBackend();
      const sender = await harness.raw();
      const receiver = await harness.raw();
      for (const raw of [sender, receiver]) {
        const socketId = await raw.established();
        await raw.subscribe("private-room", backend.authorizeChannel(socketId, "private-room"));
      }
      for (let i = 1; i <= 11; i += 1) sender.send({ event: "client-n", channel: "private-room", data: { i } });
      expect(await sender.nextEvent("pusher:error")).toMatchObject({ data: { code: 4301 } });
      for (let i = 1; i <= 10; i += 1) expect((await receiver.nextEvent("client-n")).data).toEqual({ i });
      await backend.trigger("private-room", "marker", {});
      await receiver.nextEvent("marker");
      expect(receiver.pending().filter((f) => f.event === "client-n")).toEqual([]);
      sender.send({ event: "pusher:ping", data: {} });
      await sender.nextEvent("pusher:pong");
    });
  });

  describe("cache channels", () => {
    it("replays the last event to a new subscriber, or sends pusher:cache_miss", async () => {
      const client = await harness.connectedClient();
      const miss = client.subscribe("cache-scores");
      await nextEvent(miss, "pusher:cache_miss");

      await harness.newBackend().trigger("cache-scores", "score", { v: 1 });
      await harness.newBackend().trigger("cache-scores", "score", { v: 2 });
      const late = await harness.connectedClient();
      const channel = late.subscribe("cache-scores");
      const [data] = await nextEvent(channel, "score");
      expect(data).toEqual({ v: 2 });
    });

    it("caches client events too", async () => {
      const backend = harness.newBackend();
      const [sender, receiver] = [await harness.raw(), await harness.raw()];
      for (const raw of [sender, receiver]) {
        const socketId = await raw.established();
        await raw.subscribe("private-cache-room", backend.authorizeChannel(socketId, "private-cache-room"));
      }
      sender.send({ event: "client-state", channel: "private-cache-room", data: { s: 1 } });
      await receiver.nextEvent("client-state");
      const late = await harness.connectedClient();
      const [data] = await nextEvent(late.subscribe("private-cache-room"), "client-state");
      expect(data).toEqual({ s: 1 });
    });
  });

  describe("users", () => {
    it("signs a user in and delivers sendToUser events", async () => {
      const client = await harness.connectedClient({ userId: "alice" });
      client.signin();
      await eventually(() => harness.server.stats().channels === 1, "the #server-to-user channel");
      const received = nextEvent(client.user, "notice");
      await harness.newBackend().sendToUser("alice", "notice", { hi: 1 });
      expect((await received)[0]).toEqual({ hi: 1 });
    });

    it("terminate_connections closes every connection of that user (presence and signed-in) and no other", async () => {
      const tab1 = await harness.connectedClient({ userId: "alice" });
      const tab2 = await harness.connectedClient({ userId: "alice" });
      const signedIn = await harness.connectedClient({ userId: "alice" });
      const bystander = await harness.connectedClient({ userId: "bob" });
      await subscribe(tab1, "presence-chat");
      await subscribe(tab2, "presence-chat");
      const bobChannel = await subscribe(bystander, "presence-chat");
      signedIn.signin();
      await eventually(() => harness.server.stats().channels === 2, "sign-in");

      const removed = nextEvent<[Member]>(bobChannel, "pusher:member_removed");
      await harness.newBackend().terminateUserConnections("alice");
      expect((await removed)[0].id).toBe("alice");
      for (const client of [tab1, tab2, signedIn]) {
        await eventually(() => client.connection.state === "disconnected", "terminated client to stay disconnected");
      }
      await quietPeriod();
      expect(bystander.connection.state).toBe("connected");
      expect(harness.server.stats().connections).toBe(1);
    });
  });
});
