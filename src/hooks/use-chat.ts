"use client";

import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";

import { useSession } from "@/providers/session-provider";
import { ApiError, apiFetch } from "@/lib/api-client";
import { CHANNELS, EVENTS } from "@/lib/channels";
import { chatHistorySchema, messageUpdatedEventSchema, newMessageEventSchema, pinsUpdatedEventSchema } from "@/lib/client-schemas";
import type { ChatHistory, ChatMessage, Pin, PinsUpdatedEvent } from "@/lib/schemas";

import { useChatActions } from "./chat-actions";
import { useChatJump } from "./chat-jump";
import { useChatReads } from "./chat-reads";
import { useChatSends } from "./chat-sends";
import { SeqTracker } from "./chat-sequence";
import { chatItems, chatReducer, initialChatState, type ChatAction, type ChatItem } from "./chat-state";
import { useChannelEvents, useChannelSync } from "./use-channel-event";

export { ChatIdentityError } from "./chat-sends";

const CATCH_UP_PAGES = 20;
const POLL_INTERVAL_MS = 3000;
export const LATEST_PAGE = 50;
/** Shown once after a restart that lost the history (the server's state was in memory). */
export const RESTART_NOTICE = "The app restarted; earlier messages are no longer available.";
/** Most passes one catch-up makes (a pass is repeated when asked for meanwhile, or after a restart). */
const MAX_SYNC_PASSES = 5;

/** How long a gap may stay open (an out-of-order message or change arriving late) before the range is fetched. */
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
 * Changes after posting (edits, deletes, reactions, pins) each take the
 * chat's next `rev`. Live `message-updated` and `pins-updated` events apply
 * them; every catch-up also asks for what changed since the rev held (or
 * reloads when too far behind), and a gap in the live revs is fetched like
 * a gap in the seqs — so a page that was offline ends like one that was not.
 *
 * Restarts: every page and event carries the store's epoch. One of another
 * epoch (the server restarted and its state, kept in memory, started again)
 * makes the latest page the new truth: held messages are replaced, the seq
 * count starts over, and `notice` says once that earlier messages are gone.
 * With Redis the epoch stays, so a restart is only a reconnect and catch-up.
 */
export function useChat(options: UseChatOptions = {}) {
  const user = useSession();
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const [error, setError] = useState<string | null>(null);
  const stateRef = useRef(state);
  const onIncoming = useRef(options.onIncoming);
  const sync = useRef<{ running: boolean; again: boolean }>({ running: false, again: false });
  // Which seqs (and revs) are held. Only fetches move them past a gap, so a message posted
  // between a fetch and the subscription (or a change lost in transit) is still fetched.
  const seqs = useRef(new SeqTracker());
  const revs = useRef(new SeqTracker());
  const gapTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The epoch of the history held (null until the first page), and whether another one was seen.
  const epoch = useRef<string | null>(null);
  const [epochShown, setEpochShown] = useState<string | null>(null);
  const restarted = useRef(false);
  // Too far behind for a catch-up by changes: the next pass reloads the latest page.
  const stale = useRef(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [pins, setPins] = useState<Pin[]>([]);
  const pinsRev = useRef(-1);
  const mine = useRef(new Map<string, Set<string>>());
  // Set by useChatSends: sends again what failed for a passing reason.
  const resendFailed = useRef<() => void>(() => undefined);

  useEffect(() => {
    onIncoming.current = options.onIncoming;
  });

  /** Records arrivals and tells onIncoming about the new ones from others. */
  const receive = useCallback(
    (messages: ChatMessage[], initial = false) => {
      for (const message of messages) {
        const fresh = seqs.current.see(message.seq);
        revs.current.see(message.rev);
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

  const applyPins = useCallback((update: Pick<PinsUpdatedEvent, "pins" | "rev">) => {
    if (update.rev < pinsRev.current) return;
    pinsRev.current = update.rev;
    setPins(update.pins);
  }, []);

  const reads = useChatReads({ user, epoch: epochShown, sent: state.sent });
  const { noteHistory } = reads;

  /** What every history page carries besides messages: pins and the reader's own position. */
  const noteExtras = useCallback(
    (page: ChatHistory) => {
      if (page.pins) applyPins({ pins: page.pins, rev: page.rev });
      noteHistory(page.lastReadSeq, page.epoch);
    },
    [applyPins, noteHistory],
  );

  /** The latest page becomes the window (first load, restart, or too far behind). */
  const loadLatest = useCallback(async () => {
    const page = chatHistorySchema.parse(await apiFetch(`/api/chat?limit=${LATEST_PAGE}`));
    const startOver = epoch.current !== null && page.epoch !== epoch.current;
    const wasLoaded = stateRef.current.loaded;
    epoch.current = page.epoch;
    setEpochShown(page.epoch);
    restarted.current = false;
    stale.current = false;
    if (startOver) {
      // The server's history started again: its seqs and revs are not ours.
      seqs.current = new SeqTracker();
      pinsRev.current = -1;
      setNotice(RESTART_NOTICE);
    }
    if (startOver) revs.current = new SeqTracker();
    receive(page.messages, true);
    seqs.current.fetched(page.messages.at(-1)?.seq ?? 0);
    revs.current.fetched(page.rev);
    noteExtras(page);
    apply({ type: wasLoaded ? "reset" : "loaded", messages: page.messages, hasOlder: page.hasMore });
  }, [receive, apply, noteExtras]);

  // Loads the latest page once (again after a restart, or when too far behind), then fetches
  // everything `after` the last contiguous seq and what changed since the last contiguous rev.
  // Single flight: a request while running schedules one more pass.
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
        if (!stateRef.current.loaded || restarted.current || stale.current) {
          await loadLatest();
          continue;
        }
        for (let pages = 0; pages < CATCH_UP_PAGES; pages += 1) {
          const after = seqs.current.contiguous;
          const since = pages === 0 ? `&changesSince=${revs.current.contiguous}` : "";
          const page = chatHistorySchema.parse(await apiFetch(`/api/chat?after=${after}&limit=100${since}`));
          if (seenEpoch(page.epoch)) {
            sync.current.again = true;
            break;
          }
          if (page.reload) {
            stale.current = true;
            sync.current.again = true;
            break;
          }
          receive(page.messages);
          seqs.current.fetched(page.messages.at(-1)?.seq ?? after);
          apply({ type: "merge", messages: page.messages });
          if (page.changes) {
            apply({ type: "update", messages: page.changes });
            revs.current.fetched(page.rev);
            noteExtras(page);
          }
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
  }, [user, receive, apply, seenEpoch, loadLatest, noteExtras]);

  /** A seq or rev skipped while connected: give a late one GAP_GRACE_MS, then fetch (one timer at a time). */
  const watchGap = useCallback(() => {
    const open = () => seqs.current.hasGap || revs.current.hasGap;
    if (!open() || gapTimer.current !== undefined) return;
    gapTimer.current = setTimeout(() => {
      gapTimer.current = undefined;
      if (open()) void catchUp();
    }, GAP_GRACE_MS);
  }, [catchUp]);
  useEffect(
    () => () => {
      clearTimeout(gapTimer.current);
      gapTimer.current = undefined;
    },
    [],
  );

  const received = useCallback(
    (message: ChatMessage) => {
      seqs.current.see(message.seq);
      revs.current.see(message.rev);
      watchGap();
    },
    [watchGap],
  );
  const { send, sendMessage, retry } = useChatSends({ user, stateRef, apply, seenEpoch, catchUp, received, resendFailedRef: resendFailed });
  const actions = useChatActions({ user, apply, seenEpoch, catchUp, applyPins, mine });

  // The first load and every (re)subscription fetch what is missing; polling while the link is down.
  useChannelSync(user ? CHANNELS.chat : null, catchUp, POLL_INTERVAL_MS);

  useChannelEvents(user ? CHANNELS.chat : null, `${EVENTS.newMessage},${EVENTS.messageUpdated},${EVENTS.pinsUpdated}`, (name, data) => {
    if (name === EVENTS.pinsUpdated) {
      const parsed = pinsUpdatedEventSchema.safeParse(data);
      if (!parsed.success) return;
      if (seenEpoch(parsed.data.epoch)) return void catchUp();
      revs.current.see(parsed.data.rev);
      applyPins(parsed.data);
      return watchGap();
    }
    const parsed = (name === EVENTS.newMessage ? newMessageEventSchema : messageUpdatedEventSchema).safeParse(data);
    if (!parsed.success) return;
    const { epoch: from, partial, ...message } = parsed.data;
    // Another epoch, or a message too large for one event: the page fetches what it needs.
    if (seenEpoch(from) || partial) return void catchUp();
    if (name === EVENTS.newMessage) {
      receive([message], !stateRef.current.loaded);
      apply({ type: "merge", messages: [message] });
    } else {
      revs.current.see(message.rev);
      apply({ type: "update", messages: [message] });
    }
    watchGap();
  });

  const { loadOlder, loadingOlder, jumpTo } = useChatJump({ stateRef, apply, epoch, seenEpoch, catchUp, receive, setError, latestSeq: () => seqs.current.contiguous });

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
    send,
    sendMessage,
    retry,
    loadOlder,
    follow,
    jumpTo,
    ...actions,
    pins,
    lastReadSeq: reads.lastReadSeq,
    markRead: reads.markRead,
    unread: reads.unread,
    seenBy: reads.seenBy,
    loadSeenBy: reads.loadSeenBy,
    loading: !state.loaded && !error,
    loadingOlder,
    hasOlder: state.hasOlder,
    hasNewer: state.hasNewer,
    error,
    /** Set once the server restarted without its history (RESTART_NOTICE); null otherwise. */
    notice,
  };
}
