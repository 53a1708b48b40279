"use client";

import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";

import { useSession } from "@/providers/session-provider";
import { ApiError, apiFetch } from "@/lib/api-client";
import { CHANNELS, EVENTS } from "@/lib/channels";
import { chatMessageSchema, chatPageSchema, messageTextSchema } from "@/lib/client-schemas";
import type { ChatMessage } from "@/lib/schemas";

import { chatItems, chatReducer, initialChatState, type ChatAction, type ChatItem } from "./chat-state";
import { SeqTracker } from "./chat-sequence";
import { useChannelEvent, useChannelSync } from "./use-channel-event";

/** Thrown by sendMessage when asked to send as someone other than the signed-in user. */
export class ChatIdentityError extends Error {
  override name = "ChatIdentityError";
}

const CATCH_UP_PAGES = 20;
const POLL_INTERVAL_MS = 3000;
const LATEST_PAGE = 50;
/** How long a gap may stay open (an out-of-order message arriving late) before the range is fetched. */
export const GAP_GRACE_MS = 250;

export interface UseChatOptions {
  /** Called for each message from someone else that arrives after the history loaded. */
  onIncoming?: (message: ChatMessage) => void;
}

/**
 * The team chat: history, live messages, optimistic sends with retry, and
 * catch-up after every (re)subscription, after a gap in the live seqs, or by
 * polling while the realtime link is down — so nothing is lost or shown
 * twice. Memory stays bounded: a window of the history (see chat-state).
 */
export function useChat(options: UseChatOptions = {}) {
  const user = useSession();
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const [error, setError] = useState<string | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const stateRef = useRef(state);
  const onIncoming = useRef(options.onIncoming);
  const sync = useRef<{ running: boolean; again: boolean }>({ running: false, again: false });
  // Which seqs are held. Only fetches move it past a gap, so a message posted
  // between a fetch and the subscription (or lost in transit) is still fetched.
  const seqs = useRef(new SeqTracker());
  const gapTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    onIncoming.current = options.onIncoming;
  });

  /** Records arrivals and tells onIncoming about the new ones from others. */
  const receive = useCallback(
    (messages: ChatMessage[], initial = false) => {
      for (const message of messages) {
        const fresh = seqs.current.see(message.seq);
        if (fresh && !initial && message.userId !== user?.id) onIncoming.current?.(message);
      }
    },
    [user?.id],
  );

  // Every change goes through here, so stateRef is always the state the next action sees.
  const apply = useCallback((action: ChatAction) => {
    dispatch(action);
    stateRef.current = chatReducer(stateRef.current, action);
  }, []);

  // Loads the latest page once, then fetches everything `after` the last
  // contiguous seq. Single flight: a request while running schedules one more pass.
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
          const page = chatPageSchema.parse(await apiFetch(`/api/chat?limit=${LATEST_PAGE}`));
          receive(page.messages, true);
          seqs.current.fetched(page.messages.at(-1)?.seq ?? 0);
          apply({ type: "loaded", messages: page.messages, hasOlder: page.hasMore });
          continue;
        }
        for (let pages = 0; pages < CATCH_UP_PAGES; pages += 1) {
          const after = seqs.current.contiguous;
          const page = chatPageSchema.parse(await apiFetch(`/api/chat?after=${after}&limit=100`));
          receive(page.messages);
          seqs.current.fetched(page.messages.at(-1)?.seq ?? after);
          apply({ type: "merge", messages: page.messages });
          if (!page.hasMore) break;
        }
      } while (sync.current.again);
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load messages.");
    } finally {
      sync.current.running = false;
    }
  }, [user, receive, apply]);

  /** A seq skipped while connected: give a late one GAP_GRACE_MS, then fetch the range (one timer at a time). */
  const watchGap = useCallback(() => {
    if (!seqs.current.hasGap || gapTimer.current !== undefined) return;
    gapTimer.current = setTimeout(() => {
      gapTimer.current = undefined;
      if (seqs.current.hasGap) void catchUp();
    }, GAP_GRACE_MS);
  }, [catchUp]);
  useEffect(
    () => () => {
      clearTimeout(gapTimer.current);
      gapTimer.current = undefined;
    },
    [],
  );

  // The first load and every (re)subscription fetch what is missing; polling while the link is down.
  useChannelSync(user ? CHANNELS.chat : null, catchUp, POLL_INTERVAL_MS);

  useChannelEvent(user ? CHANNELS.chat : null, EVENTS.newMessage, (data) => {
    const parsed = chatMessageSchema.safeParse(data);
    if (!parsed.success) return;
    receive([parsed.data], !stateRef.current.loaded);
    apply({ type: "merge", messages: [parsed.data] });
    watchGap();
  });

  const deliver = useCallback(async (clientMessageId: string, message: string) => {
    try {
      const body = await apiFetch<{ message: unknown }>("/api/chat", { json: { message, clientMessageId } });
      const confirmed = chatMessageSchema.parse(body.message);
      seqs.current.see(confirmed.seq);
      apply({ type: "merge", messages: [confirmed] });
      watchGap();
      return confirmed;
    } catch (caught) {
      const reason = caught instanceof ApiError ? caught.message : "Not sent.";
      apply({ type: "failed", clientMessageId, error: reason });
      throw caught;
    }
  }, [apply, watchGap]);

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
      apply({
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
    [user, deliver, apply],
  );

  /** Sends a failed message again with the same clientMessageId, so it can never double. */
  const retry = useCallback(
    (clientMessageId: string) => {
      const pending = stateRef.current.pending.find((p) => p.clientMessageId === clientMessageId);
      if (!pending || pending.status !== "failed") return Promise.resolve(undefined);
      apply({ type: "retrying", clientMessageId });
      return deliver(clientMessageId, pending.message).catch(() => undefined);
    },
    [deliver, apply],
  );

  /** Loads the page before the oldest held (scrolling up). */
  const loadOlder = useCallback(async () => {
    const first = stateRef.current.sent[0];
    if (!first || !stateRef.current.hasOlder || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = chatPageSchema.parse(await apiFetch(`/api/chat?before=${first.seq}&limit=${LATEST_PAGE}`));
      receive(page.messages, true);
      apply({ type: "older", messages: page.messages, hasOlder: page.hasMore });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load older messages.");
    } finally {
      setLoadingOlder(false);
    }
  }, [loadingOlder, receive, apply]);

  /**
   * The reader is at the newest messages (true) or scrolled away (false).
   * Back at the newest, the window shrinks to CHAT_WINDOW; if reading history
   * pushed the newest out, the latest page is loaded again.
   */
  const follow = useCallback(
    async (following: boolean) => {
      apply({ type: "follow", following });
      if (!following || !stateRef.current.hasNewer) return;
      try {
        const page = chatPageSchema.parse(await apiFetch(`/api/chat?limit=${LATEST_PAGE}`));
        receive(page.messages, true);
        apply({ type: "reset", messages: page.messages, hasOlder: page.hasMore });
      } catch (caught) {
        setError(caught instanceof ApiError ? caught.message : "Could not load the latest messages.");
      }
    },
    [receive, apply],
  );

  const messages: ChatItem[] = useMemo(() => chatItems(state), [state]);
  return {
    messages,
    sendMessage,
    retry,
    loadOlder,
    follow,
    loading: !state.loaded && !error,
    loadingOlder,
    hasOlder: state.hasOlder,
    hasNewer: state.hasNewer,
    error,
  };
}
