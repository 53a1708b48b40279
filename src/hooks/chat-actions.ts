"use client";

import { useCallback, useEffect, useRef, type RefObject } from "react";

import { apiFetch } from "@/lib/api-client";
import { EDIT_WINDOW_MS, type ReactionEmoji } from "@/lib/chat";
import { messageTextSchema, messageUpdatedEventSchema, pinsUpdatedEventSchema, reactorsResponseSchema } from "@/lib/client-schemas";
import type { ChatMessage, PinsUpdatedEvent, SessionUser } from "@/lib/schemas";

import type { ChatAction } from "./chat-state";

interface Options {
  user: SessionUser | null;
  apply: (action: ChatAction) => void;
  /** Something of another epoch was seen (true): the history reloads. */
  seenEpoch: (epoch: string) => boolean;
  /** Fetches what the page missed (after a failed change: its true state). */
  catchUp: () => Promise<void>;
  /** Takes pins newer than the ones held. */
  applyPins: (update: PinsUpdatedEvent) => void;
  /** The ids of the messages `user` reacted to with each emoji, as this page saw it do so. */
  mine: RefObject<Map<string, Set<string>>>;
}

/**
 * The changes a user makes to messages: edit, delete, react, pin. Each call
 * waits for the server (nothing is shown as done before it is stored), puts
 * the answer into the window at once (the live event then changes nothing),
 * and throws the server's ApiError on failure after re-syncing, so the page
 * always shows what the server holds.
 */
export function useChatActions({ user, apply, seenEpoch, catchUp, applyPins, mine }: Options) {
  const resync = useRef(catchUp);
  useEffect(() => {
    resync.current = catchUp;
  });

  /** Sends one change and applies the message it answers with. */
  const change = useCallback(
    async (path: string, init: Parameters<typeof apiFetch>[1]) => {
      try {
        const body = await apiFetch<{ message: unknown }>(path, init);
        const { epoch, ...message } = messageUpdatedEventSchema.parse(body.message);
        if (seenEpoch(epoch)) void resync.current();
        else apply({ type: "update", messages: [message] });
        return message;
      } catch (caught) {
        void resync.current();
        throw caught;
      }
    },
    [apply, seenEpoch],
  );

  /** The author's new text (within EDIT_WINDOW_MS of posting). */
  const edit = useCallback(
    async (messageId: string, text: string) => {
      const parsed = messageTextSchema.safeParse(text);
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "Invalid message.");
      await change("/api/chat", { method: "PATCH", json: { messageId, message: parsed.data } });
    },
    [change],
  );

  /** Deletes a message (your own, or any as a coach). */
  const remove = useCallback(
    async (messageId: string) => {
      await change(`/api/chat?messageId=${encodeURIComponent(messageId)}`, { method: "DELETE" });
    },
    [change],
  );

  /** Sets your `emoji` reaction on or off (explicitly: a repeated call changes nothing). */
  const react = useCallback(
    async (messageId: string, emoji: ReactionEmoji, on: boolean) => {
      await change("/api/chat/reactions", { json: { messageId, emoji, on } });
      const emojis = mine.current.get(messageId) ?? new Set<string>();
      if (on) emojis.add(emoji);
      else emojis.delete(emoji);
      mine.current.set(messageId, emojis);
    },
    [change, mine],
  );

  /** Whether you reacted with `emoji`: listed among the reactors, or done from this page. */
  const reacted = useCallback(
    (message: ChatMessage, emoji: ReactionEmoji) => {
      const listed = message.reactions?.find((reaction) => reaction.emoji === emoji);
      if (!listed) return false;
      if (user && listed.userIds.includes(user.id)) return true;
      // Beyond the listed ids only this page's own record can tell.
      return listed.count > listed.userIds.length && (mine.current.get(message.id)?.has(emoji) ?? false);
    },
    [user, mine],
  );

  /** Who reacted with `emoji`, by name, and how many in all. */
  const loadReactors = useCallback(async (messageId: string, emoji: ReactionEmoji) => {
    const page = reactorsResponseSchema.parse(await apiFetch(`/api/chat/reactions?messageId=${encodeURIComponent(messageId)}&emoji=${encodeURIComponent(emoji)}`));
    return { count: page.count, names: page.users.map((person) => person.name) };
  }, []);

  const setPinned = useCallback(
    async (messageId: string, pinned: boolean) => {
      const update = pinsUpdatedEventSchema.parse(await apiFetch("/api/chat/pins", { json: { messageId, pinned } }));
      if (seenEpoch(update.epoch)) void resync.current();
      else applyPins(update);
    },
    [seenEpoch, applyPins],
  );
  const pin = useCallback((messageId: string) => setPinned(messageId, true), [setPinned]);
  const unpin = useCallback((messageId: string) => setPinned(messageId, false), [setPinned]);

  /** Whether you may edit it now: yours, not deleted, within EDIT_WINDOW_MS (re-render to re-check). */
  const canEdit = useCallback(
    (message: Pick<ChatMessage, "userId" | "timestamp" | "deleted">) =>
      !!user && message.userId === user.id && !message.deleted && Date.now() - Date.parse(message.timestamp) < EDIT_WINDOW_MS,
    [user],
  );

  /** Whether you may delete it: yours, or any as a coach; not deleted already. */
  const canRemove = useCallback(
    (message: Pick<ChatMessage, "userId" | "deleted">) => !!user && !message.deleted && (message.userId === user.id || user.role === "coach"),
    [user],
  );

  return { edit, remove, react, reacted, loadReactors, pin, unpin, canEdit, canRemove };
}
