/**
 * The channel registry: who is subscribed where, and presence members
 * counted per user (one user with three tabs is one member). Pure: it knows
 * socket ids, not sockets, and reports what changed for the caller to send.
 */
import { Limits } from "./protocol";
import type { PresenceMember } from "./subscription";

interface Member {
  info: unknown;
  /** The user's connections on this channel. */
  sockets: Set<string>;
}

interface ChannelState {
  /** Socket id → presence user id (undefined off presence channels). */
  subscribers: Map<string, string | undefined>;
  /** Presence only: user id → member, in arrival order. */
  members: Map<string, Member>;
}

export type JoinResult =
  | { ok: true; alreadySubscribed: boolean; memberAdded?: PresenceMember }
  | { ok: false; reason: "channel-limit" | "member-limit" };

export interface LeaveResult {
  channel: string;
  /** Set when the user's last connection left a presence channel. */
  memberRemoved?: string;
}

/** The `presence` object of a presence `subscription_succeeded`. */
export interface PresenceSnapshot {
  ids: string[];
  hash: Record<string, unknown>;
  count: number;
}

export interface RegistryLimits {
  channelsPerConnection: number;
  membersPerChannel: number;
}

export class ChannelRegistry {
  readonly #channels = new Map<string, ChannelState>();
  /**
   * Socket id → its channels: the name alone while it has one (most
   * connections), a Set from the second on — a Set per idle connection
   * would cost more than the rest of its registry entries together.
   */
  readonly #bySocket = new Map<string, string | Set<string>>();
  readonly #limits: RegistryLimits;
  #subscriptions = 0;

  constructor(limits: Partial<RegistryLimits> = {}) {
    this.#limits = {
      channelsPerConnection: limits.channelsPerConnection ?? Limits.CHANNELS_PER_CONNECTION,
      membersPerChannel: limits.membersPerChannel ?? Limits.PRESENCE_MEMBERS_MAX,
    };
  }

  /**
   * Subscribes a socket, as `member` on presence channels. Subscribing twice
   * changes nothing. Refuses past the per-connection channel limit and the
   * 101st distinct user of a presence channel (a known user's new tab is fine).
   */
  join(channel: string, socketId: string, member?: PresenceMember): JoinResult {
    const existing = this.#channels.get(channel);
    if (existing?.subscribers.has(socketId)) return { ok: true, alreadySubscribed: true };
    const mine = this.#bySocket.get(socketId);
    if (countOf(mine) >= this.#limits.channelsPerConnection) return { ok: false, reason: "channel-limit" };
    const known = member ? existing?.members.get(member.userId) : undefined;
    if (member && !known && (existing?.members.size ?? 0) >= this.#limits.membersPerChannel) {
      return { ok: false, reason: "member-limit" };
    }

    const state = existing ?? { subscribers: new Map(), members: new Map() };
    if (!existing) this.#channels.set(channel, state);
    state.subscribers.set(socketId, member?.userId);
    this.#subscriptions += 1;
    if (mine === undefined) this.#bySocket.set(socketId, channel);
    else if (typeof mine === "string") this.#bySocket.set(socketId, new Set([mine, channel]));
    else mine.add(channel);
    if (!member) return { ok: true, alreadySubscribed: false };
    if (known) {
      known.sockets.add(socketId);
      return { ok: true, alreadySubscribed: false };
    }
    state.members.set(member.userId, { info: member.userInfo, sockets: new Set([socketId]) });
    return { ok: true, alreadySubscribed: false, memberAdded: member };
  }

  /** Unsubscribes a socket; undefined when it was not subscribed. */
  leave(channel: string, socketId: string): LeaveResult | undefined {
    const state = this.#channels.get(channel);
    if (!state?.subscribers.has(socketId)) return undefined;
    const userId = state.subscribers.get(socketId);
    state.subscribers.delete(socketId);
    this.#subscriptions -= 1;
    const mine = this.#bySocket.get(socketId);
    if (typeof mine === "string" || mine?.size === 1) this.#bySocket.delete(socketId);
    else mine?.delete(channel);

    let memberRemoved: string | undefined;
    const member = userId === undefined ? undefined : state.members.get(userId);
    if (userId !== undefined && member) {
      member.sockets.delete(socketId);
      if (member.sockets.size === 0) {
        state.members.delete(userId);
        memberRemoved = userId;
      }
    }
    if (state.subscribers.size === 0) this.#channels.delete(channel);
    return memberRemoved === undefined ? { channel } : { channel, memberRemoved };
  }

  /** Unsubscribes a socket from everything (it disconnected). */
  leaveAll(socketId: string): LeaveResult[] {
    const channels = [...this.channelsOf(socketId)];
    return channels.flatMap((channel) => this.leave(channel, socketId) ?? []);
  }

  isSubscribed(channel: string, socketId: string): boolean {
    return this.#channels.get(channel)?.subscribers.has(socketId) ?? false;
  }

  /** Socket ids subscribed to a channel. */
  subscribers(channel: string): Iterable<string> {
    return this.#channels.get(channel)?.subscribers.keys() ?? [];
  }

  /** The presence user a socket joined a channel as, if any. */
  userOf(channel: string, socketId: string): string | undefined {
    return this.#channels.get(channel)?.subscribers.get(socketId);
  }

  channelsOf(socketId: string): ReadonlySet<string> {
    const mine = this.#bySocket.get(socketId);
    return typeof mine === "string" ? new Set([mine]) : (mine ?? new Set());
  }

  presence(channel: string): PresenceSnapshot {
    const hash: Record<string, unknown> = {};
    for (const [id, member] of this.#channels.get(channel)?.members ?? []) hash[id] = member.info;
    const ids = Object.keys(hash);
    return { ids, hash, count: ids.length };
  }

  /** Distinct presence users on a channel. */
  userCount(channel: string): number {
    return this.#channels.get(channel)?.members.size ?? 0;
  }

  /** Connections subscribed to a channel. */
  subscriptionCount(channel: string): number {
    return this.#channels.get(channel)?.subscribers.size ?? 0;
  }

  /** Channels with at least one subscriber. */
  occupied(): Iterable<string> {
    return this.#channels.keys();
  }

  get channelCount(): number {
    return this.#channels.size;
  }

  /** Channel memberships across all sockets (one socket on three channels counts three). */
  get subscriptionTotal(): number {
    return this.#subscriptions;
  }

  /** Sockets that joined any presence channel as this user. */
  socketsOfUser(userId: string): Set<string> {
    const sockets = new Set<string>();
    for (const state of this.#channels.values()) {
      for (const socketId of state.members.get(userId)?.sockets ?? []) sockets.add(socketId);
    }
    return sockets;
  }
}

function countOf(channels: string | Set<string> | undefined): number {
  return channels === undefined ? 0 : typeof channels === "string" ? 1 : channels.size;
}
