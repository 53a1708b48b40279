"use client";

import type { PresenceChannel } from "pusher-js";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { useSession } from "@/providers/session-provider";
import { CHANNELS, EVENTS } from "@/lib/channels";
import { roleSchema } from "@/lib/client-schemas";
import type { Role } from "@/lib/schemas";
import { TYPING_EXPIRY_MS, TYPING_THROTTLE_MS, typingLabel } from "@/lib/typing";

import { useChannelEvent, usePresenceChannel } from "./use-channel-event";

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

/**
 * Who is online in a presence channel (the chat's unless told otherwise,
 * e.g. a class's `presence-class-{id}`): one entry per person, however many
 * tabs. Being subscribed makes you one of them.
 */
export function usePresence(channel: string = CHANNELS.presenceChat): OnlineMember[] {
  const user = useSession();
  const channelName = user ? channel : null;
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
