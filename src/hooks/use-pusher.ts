"use client";

import type { PresenceChannel } from "pusher-js";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";

import { useRealtime } from "@/components/realtime/realtime-provider";
import { useSession } from "@/components/session/session-provider";
import { ApiError, apiFetch } from "@/lib/api-client";
import { CHANNELS, EVENTS, userChannel } from "@/lib/channels";
import {
  chatMessageSchema,
  chatPageSchema,
  leaderboardPageSchema,
  messageTextSchema,
  rankingUpdateSchema,
  roleSchema,
  scoreChangedSchema,
  type ChatMessage,
  type Entry,
  type RankingUpdate,
  type Role,
  type ScoreChanged,
} from "@/lib/schemas";
import { TYPING_EXPIRY_MS, TYPING_THROTTLE_MS, typingLabel } from "@/lib/typing";

import { releaseChannel, retainChannel } from "./channel-registry";
import { chatItems, chatReducer, initialChatState, lastSeq, type ChatItem } from "./chat-state";
import { classifyUpdate, initialLeaderboardState, leaderboardReducer } from "./leaderboard-state";

export { useRealtime as usePusher } from "@/components/realtime/realtime-provider";

type EventHandler = (data: unknown, metadata?: { user_id?: string }) => void;

/**
 * Runs `handler` for every `event` on `channelName` (null: no subscription).
 * Subscriptions are shared between components; the latest handler is always
 * called without resubscribing.
 */
export function useChannelEvent(channelName: string | null, event: string, handler: EventHandler): void {
  useChannelEvents(channelName, event, (_event, data, metadata) => handler(data, metadata));
}

/**
 * Like useChannelEvent for several events of one channel (given as one
 * comma-separated string, so the dependency stays a primitive); the handler
 * also gets the event name.
 */
export function useChannelEvents(
  channelName: string | null,
  events: string,
  handler: (event: string, data: unknown, metadata?: { user_id?: string }) => void,
): void {
  const { pusher } = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!pusher || !channelName) return;
    const channel = retainChannel(pusher, channelName);
    const bound = events.split(",").map((event) => {
      const listener: EventHandler = (data, metadata) => latest.current(event, data, metadata);
      channel.bind(event, listener);
      return [event, listener] as const;
    });
    return () => {
      for (const [event, listener] of bound) channel.unbind(event, listener);
      releaseChannel(pusher, channelName);
    };
  }, [pusher, channelName, events]);
}

/** Reads the current pusher-js channel object at call time (for members and client events). */
function usePresenceChannel(channelName: string | null): () => PresenceChannel | null {
  const { pusher } = useRealtime();
  return useCallback(
    () => (pusher && channelName ? ((pusher.channel(channelName) as PresenceChannel | undefined) ?? null) : null),
    [pusher, channelName],
  );
}

/** Thrown by sendMessage when asked to send as someone other than the signed-in user. */
export class ChatIdentityError extends Error {
  override name = "ChatIdentityError";
}

/**
 * Runs `sync` once at start (and whenever the link changes state), then every
 * `intervalMs` for as long as the realtime link is not connected — so the
 * page keeps up by polling while events cannot reach it.
 */
function useSyncWhileOffline(sync: () => Promise<void>, intervalMs: number, enabled: boolean): void {
  const { status } = useRealtime();
  useEffect(() => {
    if (!enabled) return;
    const first = setTimeout(() => void sync(), 0);
    if (status === "connected") return () => clearTimeout(first);
    const poll = setInterval(() => void sync(), intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(poll);
    };
  }, [enabled, status, sync, intervalMs]);
}

const CATCH_UP_PAGES = 20;
const POLL_INTERVAL_MS = 3000;

export interface UseChatOptions {
  /** Called for each message from someone else that arrives after the history loaded. */
  onIncoming?: (message: ChatMessage) => void;
}

/**
 * The team chat: history, live messages, optimistic sends with retry, and
 * catch-up after every (re)subscription — or by polling while the realtime
 * link is down — so nothing is lost or shown twice.
 */
export function useChat(options: UseChatOptions = {}) {
  const user = useSession();
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const [error, setError] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const stateRef = useRef(state);
  const onIncoming = useRef(options.onIncoming);
  const known = useRef(new Set<string>());
  const sync = useRef<{ running: boolean; again: boolean }>({ running: false, again: false });

  useEffect(() => {
    stateRef.current = state;
    onIncoming.current = options.onIncoming;
  });

  /** Merges messages and tells onIncoming about the new ones from others. */
  const receive = useCallback(
    (messages: ChatMessage[], initial = false) => {
      const fresh = messages.filter((message) => !known.current.has(message.id));
      for (const message of fresh) known.current.add(message.id);
      if (!initial) for (const message of fresh) if (message.userId !== user?.id) onIncoming.current?.(message);
    },
    [user?.id],
  );

  // Loads the latest page once, then fetches everything `after` the last seq
  // held. Runs one at a time; a request while running schedules one more pass.
  const catchUp = useCallback(async () => {
    if (!user) return;
    if (sync.current.running) {
      sync.current.again = true;
      return;
    }
    sync.current.running = true;
    try {
      do {
        sync.current.again = false;
        if (!stateRef.current.loaded) {
          const page = chatPageSchema.parse(await apiFetch("/api/chat?limit=50"));
          receive(page.messages, true);
          dispatch({ type: "loaded", messages: page.messages, hasOlder: page.hasMore });
          stateRef.current = chatReducer(stateRef.current, { type: "loaded", messages: page.messages, hasOlder: page.hasMore });
          continue;
        }
        for (let pages = 0; pages < CATCH_UP_PAGES; pages += 1) {
          const after = lastSeq(stateRef.current);
          const page = chatPageSchema.parse(await apiFetch(`/api/chat?after=${after}&limit=100`));
          receive(page.messages);
          dispatch({ type: "merge", messages: page.messages });
          stateRef.current = chatReducer(stateRef.current, { type: "merge", messages: page.messages });
          if (!page.hasMore) break;
        }
      } while (sync.current.again);
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load messages.");
    } finally {
      sync.current.running = false;
    }
  }, [user, receive]);

  useSyncWhileOffline(catchUp, POLL_INTERVAL_MS, Boolean(user));

  useChannelEvent(user ? CHANNELS.chat : null, EVENTS.newMessage, (data) => {
    const parsed = chatMessageSchema.safeParse(data);
    if (!parsed.success) return;
    receive([parsed.data], !stateRef.current.loaded);
    dispatch({ type: "merge", messages: [parsed.data] });
  });
  // Every (re)subscription: fetch what was missed while away.
  useChannelEvent(user ? CHANNELS.chat : null, "pusher:subscription_succeeded", () => void catchUp());

  const deliver = useCallback(async (clientMessageId: string, message: string) => {
    try {
      const body = await apiFetch<{ message: unknown }>("/api/chat", { json: { message, clientMessageId } });
      const confirmed = chatMessageSchema.parse(body.message);
      known.current.add(confirmed.id);
      dispatch({ type: "merge", messages: [confirmed] });
      return confirmed;
    } catch (caught) {
      const reason = caught instanceof ApiError ? caught.message : "Not sent.";
      dispatch({ type: "failed", clientMessageId, error: reason });
      throw caught;
    }
  }, []);

  /**
   * Sends a message as the signed-in user. The seed's
   * `sendMessage(text, userId, userName)` still works: a userId other than
   * the session's is refused, and the name always comes from the session.
   */
  const sendMessage = useCallback(
    async (text: string, userId?: string, _userName?: string): Promise<ChatMessage> => {
      if (!user) throw new ChatIdentityError("Sign in to send messages.");
      if (userId !== undefined && userId !== user.id) {
        throw new ChatIdentityError(`You can only send messages as yourself (signed in as ${user.name}).`);
      }
      const parsed = messageTextSchema.safeParse(text);
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "Invalid message.");
      const clientMessageId = crypto.randomUUID();
      dispatch({
        type: "queue",
        message: {
          clientMessageId,
          userId: user.id,
          user: user.name,
          message: parsed.data,
          timestamp: new Date().toISOString(),
          status: "sending",
        },
      });
      return deliver(clientMessageId, parsed.data);
    },
    [user, deliver],
  );

  /** Sends a failed message again with the same clientMessageId, so it can never double. */
  const retry = useCallback(
    (clientMessageId: string) => {
      const pending = stateRef.current.pending.find((p) => p.clientMessageId === clientMessageId);
      if (!pending || pending.status !== "failed") return Promise.resolve(undefined);
      dispatch({ type: "retrying", clientMessageId });
      return deliver(clientMessageId, pending.message).catch(() => undefined);
    },
    [deliver],
  );

  const loadOlder = useCallback(async () => {
    const first = stateRef.current.sent[0];
    if (!first || !stateRef.current.hasOlder || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = chatPageSchema.parse(await apiFetch(`/api/chat?before=${first.seq}&limit=50`));
      receive(page.messages, true);
      dispatch({ type: "older", messages: page.messages, hasOlder: page.hasMore });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load older messages.");
    } finally {
      setLoadingOlder(false);
    }
  }, [loadingOlder, receive]);

  const messages: ChatItem[] = useMemo(() => chatItems(state), [state]);
  return {
    messages,
    sendMessage,
    retry,
    loadOlder,
    loading: !state.loaded && !error,
    loadingOlder,
    hasOlder: state.hasOlder,
    error,
  };
}

export interface OnlineMember {
  id: string;
  name: string;
  role: Role;
}

function memberOf(id: string, info: unknown): OnlineMember {
  const record = (info ?? {}) as { name?: unknown; role?: unknown };
  return {
    id,
    name: typeof record.name === "string" ? record.name : "Someone",
    role: roleSchema.safeParse(record.role).success ? (record.role as Role) : "athlete",
  };
}

/** Who is online in the chat, from presence: one entry per person, however many tabs. */
export function usePresence(): OnlineMember[] {
  const user = useSession();
  const channelName = user ? CHANNELS.presenceChat : null;
  const presenceChannel = usePresenceChannel(channelName);
  const [members, setMembers] = useState<Map<string, OnlineMember>>(new Map());

  const readAll = useCallback((presence: PresenceChannel | null) => {
    const next = new Map<string, OnlineMember>();
    presence?.members.each((member: { id: string; info: unknown }) => next.set(member.id, memberOf(member.id, member.info)));
    setMembers(next);
  }, []);

  useChannelEvent(channelName, "pusher:subscription_succeeded", () => readAll(presenceChannel()));
  useChannelEvent(channelName, "pusher:member_added", (data) => {
    const member = data as { id: string; info: unknown };
    setMembers((current) => new Map(current).set(member.id, memberOf(member.id, member.info)));
  });
  useChannelEvent(channelName, "pusher:member_removed", (data) => {
    const member = data as { id: string };
    setMembers((current) => {
      const next = new Map(current);
      next.delete(member.id);
      return next;
    });
  });
  // A channel another component already subscribed will not announce itself again.
  useEffect(() => {
    const channel = presenceChannel();
    if (channel?.subscribed) queueMicrotask(() => readAll(channel));
  }, [presenceChannel, readAll]);

  return useMemo(() => [...members.values()].sort((a, b) => a.name.localeCompare(b.name)), [members]);
}

/**
 * Typing indicators over `client-typing` on presence-chat: throttled while
 * typing, expiring TYPING_EXPIRY_MS after the last one, never your own.
 * Names come from presence (set by the server), not from the event.
 */
export function useTyping() {
  const user = useSession();
  const channelName = user ? CHANNELS.presenceChat : null;
  const presenceChannel = usePresenceChannel(channelName);
  const [typists, setTypists] = useState<Map<string, { name: string; until: number }>>(new Map());
  const lastSent = useRef(0);

  useChannelEvent(channelName, EVENTS.typing, (data, metadata) => {
    const userId = metadata?.user_id;
    const channel = presenceChannel();
    if (!userId || userId === user?.id || !channel) return;
    const typing = (data as { typing?: unknown } | null)?.typing !== false;
    const name = memberOf(userId, channel.members.get(userId)?.info).name;
    setTypists((current) => {
      const next = new Map(current);
      if (typing) next.set(userId, { name, until: Date.now() + TYPING_EXPIRY_MS });
      else next.delete(userId);
      return next;
    });
  });
  useChannelEvent(channelName, "pusher:member_removed", (data) => {
    const { id } = data as { id: string };
    setTypists((current) => {
      if (!current.has(id)) return current;
      const next = new Map(current);
      next.delete(id);
      return next;
    });
  });

  // Expire notices whose typist went quiet.
  useEffect(() => {
    if (typists.size === 0) return;
    const soonest = Math.min(...[...typists.values()].map((t) => t.until));
    const timer = setTimeout(() => {
      const now = Date.now();
      setTypists((current) => new Map([...current].filter(([, t]) => t.until > now)));
    }, Math.max(0, soonest - Date.now()) + 10);
    return () => clearTimeout(timer);
  }, [typists]);

  /** Sends a typing event; false when the channel is not subscribed yet (nothing sent). */
  const send = useCallback(
    (typing: boolean): boolean => {
      const channel = presenceChannel();
      if (!channel?.subscribed) return false;
      try {
        return channel.trigger(EVENTS.typing, { typing });
      } catch {
        // Client events are best effort; a dropped one only delays a notice.
        return false;
      }
    },
    [presenceChannel],
  );

  /** Call on each keystroke; sends at most one event per TYPING_THROTTLE_MS. */
  const notifyTyping = useCallback(() => {
    const now = Date.now();
    if (now - lastSent.current < TYPING_THROTTLE_MS) return;
    if (send(true)) lastSent.current = now;
  }, [send]);

  /** Call when the message is sent or the box is cleared. */
  const stopTyping = useCallback(() => {
    if (lastSent.current === 0) return;
    lastSent.current = 0;
    send(false);
  }, [send]);

  const names = useMemo(() => [...typists.values()].map((t) => t.name).sort(), [typists]);
  return { typingNames: names, typingLabel: typingLabel(names), notifyTyping, stopTyping };
}

const LEADERBOARD_LIMIT = 50;
const LEADERBOARD_POLL_MS = 5000;

export interface UseLeaderboardOptions {
  /** An athlete's score changed in a live update: the entry, and the points when they can be told. */
  onScoreChange?: (entry: Entry, points: number | null) => void;
  /** Your own score changed (from your private channel). */
  onMyScoreChange?: (change: ScoreChanged) => void;
}

/**
 * The live leaderboard: the top rows plus your own, kept current by
 * `ranking-update` events (older versions ignored, a gap re-fetches),
 * re-fetched on every (re)subscription and polled while the link is down.
 * `updateScore` awards points (coaches only; the API checks too).
 */
export function useLeaderboard(options: UseLeaderboardOptions = {}) {
  const user = useSession();
  const [state, dispatch] = useReducer(leaderboardReducer, initialLeaderboardState);
  const [error, setError] = useState<string | null>(null);
  const stateRef = useRef(state);
  const callbacks = useRef(options);
  useEffect(() => {
    stateRef.current = state;
    callbacks.current = options;
  });

  const refetch = useCallback(async () => {
    if (!user) return;
    try {
      const page = leaderboardPageSchema.parse(await apiFetch(`/api/leaderboard?limit=${LEADERBOARD_LIMIT}`));
      let me = page.leaderboard.find((entry) => entry.userId === user.id) ?? null;
      // Below the top rows? Only then can you be on the board without being in them.
      if (!me && user.role === "athlete" && page.total > page.leaderboard.length) {
        const around = await apiFetch(`/api/leaderboard?around=${encodeURIComponent(user.id)}&limit=1`).catch(() => null);
        const parsed = leaderboardPageSchema.safeParse(around);
        me = parsed.success ? (parsed.data.leaderboard[0] ?? null) : null;
      }
      dispatch({ type: "page", page, me });
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load the leaderboard.");
    }
  }, [user]);

  useSyncWhileOffline(refetch, LEADERBOARD_POLL_MS, Boolean(user));

  useChannelEvent(user ? CHANNELS.leaderboard : null, "pusher:subscription_succeeded", () => void refetch());
  useChannelEvent(user ? CHANNELS.leaderboard : null, EVENTS.rankingUpdate, (data) => {
    const parsed = rankingUpdateSchema.safeParse(data);
    if (!parsed.success) return;
    const event = parsed.data;
    const held = stateRef.current;
    const verdict = classifyUpdate(held.version, event);
    if (verdict === "stale") return;
    if (verdict === "refetch") return void refetch();
    const before = new Map([...held.rows, ...(held.me ? [held.me] : [])].map((entry) => [entry.userId, entry.score]));
    dispatch({ type: "event", event, userId: user?.id });
    if (event.leaderboard.length < held.rows.length) void refetch();
    for (const entry of event.changes) {
      if (entry.userId === user?.id) continue;
      const previous = before.get(entry.userId);
      if (previous !== undefined && previous !== entry.score) callbacks.current.onScoreChange?.(entry, entry.score - previous);
      else if (entry.previousRank === null) callbacks.current.onScoreChange?.(entry, null);
    }
  });
  useChannelEvent(user ? userChannel(user.id) : null, EVENTS.scoreChanged, (data) => {
    const parsed = scoreChangedSchema.safeParse(data);
    if (parsed.success) callbacks.current.onMyScoreChange?.(parsed.data);
  });

  /**
   * Awards points. The seed's `updateScore("user123", 50)` works for coaches;
   * athletes are refused here and by the API.
   */
  const updateScore = useCallback(
    async (userId: string, points: number, extra: { name?: string; reason?: string } = {}): Promise<RankingUpdate> => {
      if (user?.role !== "coach") throw new Error("Only coaches can award points.");
      // A fresh Idempotency-Key per award: a retried request cannot award twice.
      const body = await apiFetch("/api/leaderboard", {
        json: { userId, points, ...extra },
        headers: { "idempotency-key": crypto.randomUUID() },
      });
      const event = rankingUpdateSchema.parse(body);
      dispatch({ type: "event", event, userId: user.id });
      return event;
    },
    [user],
  );

  return {
    leaderboard: state.rows,
    me: state.me,
    total: state.total,
    version: state.version,
    updatedAt: state.updatedAt,
    loading: !state.loaded && !error,
    error,
    updateScore,
  };
}
