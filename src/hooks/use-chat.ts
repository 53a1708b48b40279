"use client";

import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";

import { useSession } from "@/providers/session-provider";
import { ApiError, apiFetch } from "@/lib/api-client";
import { CHANNELS, EVENTS } from "@/lib/channels";
import { chatMessageSchema, chatPageSchema, messageTextSchema, type ChatMessage } from "@/lib/schemas";

import { chatItems, chatReducer, initialChatState, type ChatItem } from "./chat-state";
import { useChannelEvent, useSyncWhileOffline } from "./use-channel-event";

/** Thrown by sendMessage when asked to send as someone other than the signed-in user. */
export class ChatIdentityError extends Error {
  override name = "ChatIdentityError";
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
  // Every message up to this seq is held. Only fetches move it past a gap; a
  // live message moves it only when it is the very next one, so a message
  // posted between a fetch and the subscription is still fetched later.
  const contiguous = useRef(0);

  useEffect(() => {
    stateRef.current = state;
    onIncoming.current = options.onIncoming;
  });

  /** Merges messages and tells onIncoming about the new ones from others. */
  const receive = useCallback(
    (messages: ChatMessage[], initial = false) => {
      for (const message of messages) if (message.seq === contiguous.current + 1) contiguous.current = message.seq;
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
          contiguous.current = Math.max(contiguous.current, page.messages.at(-1)?.seq ?? 0);
          receive(page.messages, true);
          dispatch({ type: "loaded", messages: page.messages, hasOlder: page.hasMore });
          stateRef.current = chatReducer(stateRef.current, { type: "loaded", messages: page.messages, hasOlder: page.hasMore });
          continue;
        }
        for (let pages = 0; pages < CATCH_UP_PAGES; pages += 1) {
          const after = contiguous.current;
          const page = chatPageSchema.parse(await apiFetch(`/api/chat?after=${after}&limit=100`));
          contiguous.current = Math.max(contiguous.current, page.messages.at(-1)?.seq ?? after);
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
      if (confirmed.seq === contiguous.current + 1) contiguous.current = confirmed.seq;
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
