/**
 * The server's in-memory state, fan-out and connection lifecycle: connected
 * peers, the channel registry, the event cache, the counters and the one
 * sweep that enforces every connection deadline. Both the WebSocket
 * connections and the REST API act through it. No sockets here: a peer is
 * anything that can take an encoded frame and be asked to close.
 */
import { randomInt } from "node:crypto";
import { ChannelRegistry, type JoinResult } from "./channels";
import { EventCache } from "./event-cache";
import { encodeFrame, errorFrame } from "./frames";
import { heartbeatStep, sweepIntervalMs, type HeartbeatTiming } from "./heartbeat";
import { ServerMetrics, type RealtimeStats } from "./metrics";
import { DeadlineSet } from "./deadline-set";
import { PreparedFrame } from "./prepared-frame";
import { classifyChannel, CloseCode, DEFAULT_ACTIVITY_TIMEOUT_SECONDS, DEFAULT_PONG_TIMEOUT_MS } from "./protocol";
import type { Destroyable, Peer } from "./peer";
import type { PresenceMember } from "./subscription";

export type { Destroyable, Peer } from "./peer";

export interface HubOptions {
  processMetrics?: boolean;
  /** Silence this long earns a `pusher:ping`. */
  activityTimeoutMs?: number;
  /** After the ping, no answer within this closes the connection with 4201. */
  pongTimeoutMs?: number;
  /** A socket that has not completed its HTTP request or upgrade in this time is destroyed. */
  handshakeTimeoutMs?: number;
  /** A closing connection whose peer does not finish the close handshake in this time is cut. */
  closeGraceMs?: number;
  /** Clock in milliseconds; default Date.now. */
  now?: () => number;
}

export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 5_000;
export const DEFAULT_CLOSE_GRACE_MS = 2_000;

export type { RealtimeStats } from "./metrics";

export interface PublishRequest {
  channel: string;
  event: string;
  /** Already a JSON string (or any string the backend chose to send). */
  data: string;
  /** This connection does not receive the event (REST `socket_id`, or a client event's sender). */
  exceptSocketId?: string;
  /** Added to the frame for client events on presence channels. */
  userId?: string;
}

const PING_FRAME = encodeFrame({ event: "pusher:ping", data: {} });

/** Why a subscription was refused: the registry's limits, or a peer the hub no longer holds. */
export type SubscribeResult = JoinResult | { ok: false; reason: "closed" };

/**
 * The one owner of every connection's life: `open` lets a peer in; a peer
 * acts (subscribe, leave, client events) only while the hub holds it;
 * `disconnect` is the only way out — it removes the peer from channels and
 * presence, then asks the peer to close. One periodic sweep enforces every
 * deadline: handshake, activity ping, pong, and the close grace after which
 * a socket whose peer stopped reading is cut.
 */
export class Hub {
  readonly registry = new ChannelRegistry();
  readonly cache = new EventCache();
  readonly #peers = new Map<string, Peer>();
  /** Socket id → when the unanswered `pusher:ping` went out. */
  readonly #pings = new Map<string, number>();
  /** Peers told to close, cut if their socket is still open at the deadline. */
  readonly #closing = new DeadlineSet<Peer>();
  /** Sockets still in their HTTP request or upgrade, cut at the deadline. */
  readonly #handshakes = new DeadlineSet<Destroyable>();
  readonly #timing: HeartbeatTiming;
  readonly #handshakeMs: number;
  readonly #closeGraceMs: number;
  readonly #now: () => number;
  readonly #sweeper: NodeJS.Timeout;
  #peak = 0;
  /** Frames, API calls and errors, counted by the connections and the REST API. */
  readonly metrics: ServerMetrics;

  constructor(options: HubOptions = {}) {
    this.#timing = {
      activityMs: options.activityTimeoutMs ?? DEFAULT_ACTIVITY_TIMEOUT_SECONDS * 1000,
      pongMs: options.pongTimeoutMs ?? DEFAULT_PONG_TIMEOUT_MS,
    };
    this.#handshakeMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    this.#closeGraceMs = options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    this.#now = options.now ?? Date.now;
    const interval = sweepIntervalMs([this.#timing.activityMs, this.#timing.pongMs, this.#handshakeMs, this.#closeGraceMs]);
    this.#sweeper = setInterval(() => this.sweep(), interval);
    this.#sweeper.unref();
    this.metrics = new ServerMetrics({
      processMetrics: options.processMetrics,
      occupancy: () => ({
        connections: this.#peers.size,
        peakConnections: this.#peak,
        channels: this.registry.channelCount,
        subscriptions: this.registry.subscriptionTotal,
      }),
    });
  }

  /** A fresh, unpredictable socket id of the form `digits.digits`. */
  newSocketId(): string {
    for (;;) {
      // join builds one flat string; a template literal makes a rope of three
      // (~100 bytes, kept for the connection's life or promoted and left as garbage).
      const id = [randomInt(1, 2 ** 31), randomInt(1, 2 ** 31)].join(".");
      if (!this.#peers.has(id)) return id;
    }
  }

  /** The hub's clock, for peers stamping their activity. */
  now(): number {
    return this.#now();
  }

  /** Lets a connection in; from now on only `disconnect` takes it out. */
  open(peer: Peer): void {
    this.#peers.set(peer.socketId, peer);
    this.#peak = Math.max(this.#peak, this.#peers.size);
  }

  /** True while the hub holds this peer (it may act); false once it was disconnected. */
  isOpen(peer: Peer): boolean {
    return this.#peers.get(peer.socketId) === peer;
  }

  /**
   * The only way out: forgets the peer, removes it from every channel (its
   * user leaves presence channels, and the others see `member_removed`),
   * then, when `close` is given, has the peer close with that code and cuts
   * it after the close grace. Without `close` the socket is already gone.
   * Idempotent; returns false for a peer the hub no longer holds.
   */
  disconnect(peer: Peer, close?: { code: number; reason: string }): boolean {
    if (!this.isOpen(peer)) return false;
    this.#peers.delete(peer.socketId);
    this.#pings.delete(peer.socketId);
    if (close) {
      peer.shut(close.code, close.reason);
      this.#closing.set(peer, this.#now() + this.#closeGraceMs);
    }
    for (const left of this.registry.leaveAll(peer.socketId)) this.#announceRemoval(left.channel, left.memberRemoved);
    return true;
  }

  /** The peer's socket has closed (either side): leave if not yet left, stop waiting for it. */
  closed(peer: Peer): void {
    this.#closing.delete(peer);
    this.disconnect(peer);
  }

  /** Sends `pusher:error` with `code`, then disconnects with the same close code. */
  terminate(peer: Peer, code: number, message: string): void {
    if (!this.isOpen(peer)) return;
    peer.send(errorFrame(code, message));
    this.disconnect(peer, { code, reason: message });
  }

  /** Closes every connection with `code` (server shutdown); returns how many. */
  disconnectAll(code: number, reason: string): number {
    let count = 0;
    for (const peer of [...this.#peers.values()]) if (this.disconnect(peer, { code, reason })) count += 1;
    return count;
  }

  /** Starts the handshake deadline of a fresh socket. */
  watchHandshake(socket: Destroyable): void {
    this.#handshakes.set(socket, this.#now() + this.#handshakeMs);
  }

  /** The socket completed its request or upgrade (or closed): its handshake deadline is off. */
  handshakeDone(socket: Destroyable): void {
    this.#handshakes.delete(socket);
  }

  /**
   * One pass over every deadline: cut sockets stuck in their handshake, cut
   * closing peers past the grace, ping silent peers, and disconnect (4201)
   * those that did not answer. Run by the hub's own timer; public for tests.
   */
  sweep(): void {
    const now = this.#now();
    for (const socket of this.#handshakes.takeExpired(now)) {
      this.metrics.countError("timeout");
      socket.destroy();
    }
    for (const peer of this.#closing.takeExpired(now)) peer.destroy();
    // Deleting the entry being visited is safe in a Map iteration: no copy per sweep.
    for (const peer of this.#peers.values()) {
      const step = heartbeatStep({ now, lastActivityAt: peer.lastActivityAt, pingSentAt: this.#pings.get(peer.socketId) }, this.#timing);
      if (step === "ping") {
        this.#pings.set(peer.socketId, now);
        peer.send(PING_FRAME);
      } else if (step === "reap") {
        this.metrics.countError("timeout");
        this.disconnect(peer, { code: CloseCode.PONG_NOT_RECEIVED, reason: "Pong reply not received" });
      }
    }
  }

  /** Stops the sweep timer (server shutdown). */
  stop(): void {
    clearInterval(this.#sweeper);
  }

  /**
   * Subscribes an authorized peer and sends what follows a subscription:
   * `subscription_succeeded` (with members on presence), `member_added` to
   * the others for a user's first connection, and the cached event or
   * `cache_miss` on cache channels.
   */
  subscribe(peer: Peer, channel: string, member?: PresenceMember): SubscribeResult {
    if (!this.isOpen(peer)) return { ok: false, reason: "closed" };
    const joined = this.registry.join(channel, peer.socketId, member);
    if (!joined.ok) return joined;
    const type = classifyChannel(channel);
    const data = type.kind === "presence" ? { presence: this.registry.presence(channel) } : undefined;
    peer.send(encodeFrame({ event: "pusher_internal:subscription_succeeded", channel, data }));
    if (joined.memberAdded) {
      const added = encodeFrame({
        event: "pusher_internal:member_added",
        channel,
        data: { user_id: joined.memberAdded.userId, user_info: joined.memberAdded.userInfo },
      });
      this.#fanOut(channel, added, peer.socketId);
    }
    if (type.cache) {
      const cached = this.cache.get(channel);
      peer.send(encodeFrame(cached ? { event: cached.event, channel, data: cached.data } : { event: "pusher:cache_miss", channel }));
    }
    return joined;
  }

  unsubscribe(peer: Peer, channel: string): void {
    if (!this.isOpen(peer)) return;
    const left = this.registry.leave(channel, peer.socketId);
    if (left) this.#announceRemoval(channel, left.memberRemoved);
  }

  /**
   * Delivers an event to a channel's subscribers; returns how many got it.
   * A client event (`from` set) is dropped when its sender has left.
   */
  publish(request: PublishRequest, from?: Peer): number {
    if (from && !this.isOpen(from)) return 0;
    const { channel, event, data, userId } = request;
    if (classifyChannel(channel).cache) this.cache.set(channel, { event, data });
    return this.#fanOut(channel, encodeFrame({ event, channel, data, user_id: userId }), request.exceptSocketId);
  }

  /** Closes every connection of a user (signed in, or a presence member); returns how many. */
  terminateUser(userId: string, code: number, message: string): number {
    const targets = this.registry.socketsOfUser(userId);
    for (const peer of this.#peers.values()) if (peer.signedInUserId === userId) targets.add(peer.socketId);
    let closed = 0;
    for (const socketId of targets) {
      const peer = this.#peers.get(socketId);
      if (!peer) continue;
      this.terminate(peer, code, message);
      closed += 1;
    }
    return closed;
  }

  /** Every number for a monitoring view; a fresh snapshot per call. */
  stats(): RealtimeStats {
    return this.metrics.snapshot();
  }

  #announceRemoval(channel: string, userId: string | undefined): void {
    if (userId === undefined) return;
    this.#fanOut(channel, encodeFrame({ event: "pusher_internal:member_removed", channel, data: { user_id: userId } }));
  }

  /**
   * The frame is encoded once, to its wire bytes, for every subscriber: the
   * loop only looks each peer up and hands it the same prepared frame.
   */
  #fanOut(channel: string, text: string, exceptSocketId?: string): number {
    const frame = new PreparedFrame(text);
    let delivered = 0;
    for (const socketId of this.registry.subscribers(channel)) {
      if (socketId === exceptSocketId) continue;
      const peer = this.#peers.get(socketId);
      if (!peer) continue;
      peer.deliver(frame);
      delivered += 1;
    }
    return delivered;
  }
}
