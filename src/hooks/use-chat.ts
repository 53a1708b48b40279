"use client";

import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";

import { useSession } from "@/providers/session-provider";
import { ApiError, apiFetch } from "@/lib/api-client";
import { CHANNELS, EVENTS } from "@/lib/channels";
import { chatHistorySchema, messageTextSchema, newMessageEventSchema } from "@/lib/client-schemas";
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
/** Shown once after a restart that lost the history (the server's state was in memory). */
export const RESTART_NOTICE = "The app restarted; earlier messages are no longer available.";
/** Most passes one catch-up makes (a pass is repeated when asked for meanwhile, or after a restart). */
const MAX_SYNC_PASSES = 5;

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
 *
 * Restarts: every page and event carries the store's epoch. One of another
 * epoch (the server restarted and its state, kept in memory, started again)
 * makes the latest page the new truth: held messages are replaced, the seq
 * count starts over, and `notice` says once that earlier messages are gone.
 * With Redis the epoch stays, so a restart is only a reconnect and catch-up.
 * Sends that failed for a passing reason (no answer, 5xx, 429) are sent again,
 * with the same clientMessageId, after the next successful sync.
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
  // The epoch of the history held (null until the first page), and whether another one was seen.
  const epoch = useRef<string | null>(null);
  const restarted = useRef(false);
  const [notice, setNotice] = useState<string | null>(null);
  const resendFailed = useRef<() => void>(() => undefined);

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

  /** Something of another epoch was seen: the next pass reloads from the latest page. */
  const seenEpoch = useCallback((other: string) => {
    if (epoch.current === null || other === epoch.current) return false;
    restarted.current = true;
    return true;
  }, []);

  // Loads the latest page once (again after a restart), then fetches everything
  // `after` the last contiguous seq. Single flight: a request while running
  // schedules one more pass.
  const catchUp = useCallback(async () => {
    if (!user) return;
    if (sync.current.running) {
      sync.current.again = true;
      return;
    }
    sync.current.running = true;
    try {
      for (let pass = 0; pass === 0 || (sync.current.again && pass < MAX_SYNC_PASSES); pass += 1) {
        sync.current.again = false;
        if (!stateRef.current.loaded || restarted.current) {
          const page = chatHistorySchema.parse(await apiFetch(`/api/chat?limit=${LATEST_PAGE}`));
          const startOver = epoch.current !== null && page.epoch !== epoch.current;
          epoch.current = page.epoch;
          restarted.current = false;
          if (startOver) {
            // The server's history started again: its seqs are not ours.
            seqs.current = new SeqTracker();
            setNotice(RESTART_NOTICE);
          }
          receive(page.messages, true);
          seqs.current.fetched(page.messages.at(-1)?.seq ?? 0);
          apply({ type: startOver ? "reset" : "loaded", messages: page.messages, hasOlder: page.hasMore });
          continue;
        }
        for (let pages = 0; pages < CATCH_UP_PAGES; pages += 1) {
          const after = seqs.current.contiguous;
          const page = chatHistorySchema.parse(await apiFetch(`/api/chat?after=${after}&limit=100`));
          if (seenEpoch(page.epoch)) {
            sync.current.again = true;
            break;
          }
          receive(page.messages);
          seqs.current.fetched(page.messages.at(-1)?.seq ?? after);
          apply({ type: "merge", messages: page.messages });
          if (!page.hasMore) break;
        }
      }
      setError(null);
      resendFailed.current();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load messages.");
    } finally {
      sync.current.running = false;
    }
  }, [user, receive, apply, seenEpoch]);

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
    const parsed = newMessageEventSchema.safeParse(data);
    if (!parsed.success) return;
    const { epoch: from, ...message } = parsed.data;
    if (seenEpoch(from)) return void catchUp();
    receive([message], !stateRef.current.loaded);
    apply({ type: "merge", messages: [message] });
    watchGap();
  });

  const deliver = useCallback(async (clientMessageId: string, message: string) => {
    try {
      const body = await apiFetch<{ message: unknown }>("/api/chat", { json: { message, clientMessageId } });
      const { epoch: from, ...confirmed } = newMessageEventSchema.parse(body.message);
      // Stored by a restarted server: the fresh history will hold it (and settle the pending one).
      if (seenEpoch(from)) {
        void catchUp();
        return confirmed;
      }
      seqs.current.see(confirmed.seq);
      apply({ type: "merge", messages: [confirmed] });
      watchGap();
      return confirmed;
    } catch (caught) {
      const reason = caught instanceof ApiError ? caught.message : "Not sent.";
      const retryable = caught instanceof ApiError ? caught.retryable : true;
      apply({ type: "failed", clientMessageId, error: reason, retryable });
      throw caught;
    }
  }, [apply, watchGap, catchUp, seenEpoch]);

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

  // After a successful sync the server answers again: send what failed for a passing reason.
  useEffect(() => {
    resendFailed.current = () => {
      for (const pending of stateRef.current.pending) if (pending.status === "failed" && pending.retryable) void retry(pending.clientMessageId);
    };
  }, [retry]);

  /** Loads the page before the oldest held (scrolling up). */
  const loadOlder = useCallback(async () => {
    const first = stateRef.current.sent[0];
    if (!first || !stateRef.current.hasOlder || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = chatHistorySchema.parse(await apiFetch(`/api/chat?before=${first.seq}&limit=${LATEST_PAGE}`));
      if (seenEpoch(page.epoch)) return void catchUp();
      receive(page.messages, true);
      apply({ type: "older", messages: page.messages, hasOlder: page.hasMore });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load older messages.");
    } finally {
      setLoadingOlder(false);
    }
  }, [loadingOlder, receive, apply, seenEpoch, catchUp]);

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
        const page = chatHistorySchema.parse(await apiFetch(`/api/chat?limit=${LATEST_PAGE}`));
        if (seenEpoch(page.epoch)) return void catchUp();
        receive(page.messages, true);
        apply({ type: "reset", messages: page.messages, hasOlder: page.hasMore });
      } catch (caught) {
        setError(caught instanceof ApiError ? caught.message : "Could not load the latest messages.");
      }
    },
    [receive, apply, seenEpoch, catchUp],
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
    /** Set once the server restarted without its history (RESTART_NOTICE); null otherwise. */
    notice,
  };
}
