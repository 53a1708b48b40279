/**
 * The server's in-memory state and fan-out: connected peers, the channel
 * registry, the event cache and the counters. Both the WebSocket connections
 * and the REST API act through it. No sockets here: a peer is anything that
 * can take an encoded frame.
 */
import { randomInt } from "node:crypto";
import { ChannelRegistry, type JoinResult } from "./channels";
import { EventCache } from "./event-cache";
import { encodeFrame } from "./frames";
import { ServerMetrics, type RealtimeStats } from "./metrics";
import { classifyChannel } from "./protocol";
import type { PresenceMember } from "./subscription";

/** One client connection as the hub sees it. */
export interface Peer {
  readonly socketId: string;
  /** The user this connection signed in as (`pusher:signin`), if any. */
  readonly signedInUserId: string | undefined;
  /** Queues an encoded frame (the peer counts it and applies back-pressure). */
  send(frame: string): void;
  /** Sends `pusher:error` with `code` and closes with the same code. */
  terminate(code: number, message: string): void;
}

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

export class Hub {
  readonly registry = new ChannelRegistry();
  readonly cache = new EventCache();
  readonly #peers = new Map<string, Peer>();
  #peak = 0;
  /** Frames, API calls and errors, counted by the connections and the REST API. */
  readonly metrics: ServerMetrics;

  constructor(options: { processMetrics?: boolean } = {}) {
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
      const id = `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`;
      if (!this.#peers.has(id)) return id;
    }
  }

  add(peer: Peer): void {
    this.#peers.set(peer.socketId, peer);
    this.#peak = Math.max(this.#peak, this.#peers.size);
  }

  /** Forgets a closed connection and tells presence channels its user may have left. */
  remove(socketId: string): void {
    if (!this.#peers.delete(socketId)) return;
    for (const left of this.registry.leaveAll(socketId)) this.#announceRemoval(left.channel, left.memberRemoved);
  }

  peers(): Iterable<Peer> {
    return this.#peers.values();
  }

  /**
   * Subscribes an authorized peer and sends what follows a subscription:
   * `subscription_succeeded` (with members on presence), `member_added` to
   * the others for a user's first connection, and the cached event or
   * `cache_miss` on cache channels.
   */
  subscribe(peer: Peer, channel: string, member?: PresenceMember): JoinResult {
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
    const left = this.registry.leave(channel, peer.socketId);
    if (left) this.#announceRemoval(channel, left.memberRemoved);
  }

  /** Delivers an event to a channel's subscribers; returns how many got it. */
  publish(request: PublishRequest): number {
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
      peer.terminate(code, message);
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

  #fanOut(channel: string, frame: string, exceptSocketId?: string): number {
    let delivered = 0;
    for (const socketId of this.registry.subscribers(channel)) {
      if (socketId === exceptSocketId) continue;
      const peer = this.#peers.get(socketId);
      if (!peer) continue;
      peer.send(frame);
      delivered += 1;
    }
    return delivered;
  }
}
