"use client";

import { useCallback, useRef, useState, type RefObject } from "react";

import { ApiError, apiFetch } from "@/lib/api-client";
import { parseMessageId } from "@/lib/chat";
import { chatHistorySchema } from "@/lib/client-schemas";
import type { ChatMessage } from "@/lib/schemas";

import { lowerBound, type ChatAction, type ChatState } from "./chat-state";

const PAGE = 50;
/** A message at most this many seqs before the oldest held is reached by paging back; further, the window jumps. */
const PAGE_BACK_REACH = 3 * PAGE;

interface Options {
  stateRef: RefObject<ChatState>;
  apply: (action: ChatAction) => void;
  epoch: RefObject<string | null>;
  seenEpoch: (epoch: string) => boolean;
  catchUp: () => Promise<void>;
  receive: (messages: ChatMessage[], initial?: boolean) => void;
  setError: (error: string | null) => void;
  /** The newest seq the page has seen. */
  latestSeq: () => number;
}

const holds = (state: ChatState, seq: number, id: string) => state.sent[lowerBound(state.sent, seq)]?.id === id;

/** Reading history: the page before the oldest held, and jumping to one message (a reply's original, a deep link). */
export function useChatJump({ stateRef, apply, epoch, seenEpoch, catchUp, receive, setError, latestSeq }: Options) {
  const [loadingOlder, setLoadingOlder] = useState(false);
  const busy = useRef(false);

  /** Fetches and applies the page before the oldest held; false when there is none or it failed. */
  const fetchOlder = useCallback(async () => {
    const first = stateRef.current.sent[0];
    if (!first || !stateRef.current.hasOlder) return false;
    const page = chatHistorySchema.parse(await apiFetch(`/api/chat?before=${first.seq}&limit=${PAGE}`));
    if (seenEpoch(page.epoch)) {
      void catchUp();
      return false;
    }
    receive(page.messages, true);
    apply({ type: "older", messages: page.messages, hasOlder: page.hasMore });
    return page.messages.length > 0;
  }, [stateRef, apply, seenEpoch, catchUp, receive]);

  /** Loads the page before the oldest held (scrolling up). */
  const loadOlder = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    setLoadingOlder(true);
    try {
      await fetchOlder();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not load older messages.");
    } finally {
      busy.current = false;
      setLoadingOlder(false);
    }
  }, [fetchOlder, setError]);

  /**
   * Brings the message with `messageId` into the window: pages back when it
   * is a little older than the oldest held, else makes the page around it
   * the window (following stops; `follow(true)` returns to the newest).
   * Resolves true when it is held (deleted ones included), false when it is
   * gone (fallen off, another epoch) or could not be loaded.
   */
  const jumpTo = useCallback(
    async (messageId: string): Promise<boolean> => {
      const target = parseMessageId(messageId);
      if (!target || target.epoch !== epoch.current) return false;
      if (holds(stateRef.current, target.seq, messageId)) return true;
      busy.current = true;
      setLoadingOlder(true);
      try {
        const first = stateRef.current.sent[0];
        if (first && target.seq < first.seq && first.seq - target.seq <= PAGE_BACK_REACH) {
          while (!holds(stateRef.current, target.seq, messageId) && (stateRef.current.sent[0]?.seq ?? 0) > target.seq) {
            if (!(await fetchOlder())) break;
          }
          return holds(stateRef.current, target.seq, messageId);
        }
        const page = chatHistorySchema.parse(await apiFetch(`/api/chat?before=${target.seq + PAGE / 2}&limit=${PAGE}`));
        if (seenEpoch(page.epoch)) {
          void catchUp();
          return false;
        }
        if (!page.messages.some((message) => message.id === messageId)) return false;
        receive(page.messages, true);
        apply({ type: "window", messages: page.messages, hasOlder: page.hasMore, hasNewer: (page.messages.at(-1)?.seq ?? 0) < latestSeq() });
        return holds(stateRef.current, target.seq, messageId);
      } catch (caught) {
        setError(caught instanceof ApiError ? caught.message : "Could not load that message.");
        return false;
      } finally {
        busy.current = false;
        setLoadingOlder(false);
      }
    },
    [stateRef, apply, epoch, seenEpoch, catchUp, receive, setError, fetchOlder, latestSeq],
  );

  return { loadOlder, loadingOlder, jumpTo };
}
