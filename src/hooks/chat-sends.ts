"use client";

import { useCallback, useEffect, type RefObject } from "react";

import { ApiError, apiFetch } from "@/lib/api-client";
import type { Attachment } from "@/lib/attachments";
import { excerptOf, parseMessageId } from "@/lib/chat";
import { messageTextSchema, newMessageEventSchema } from "@/lib/client-schemas";
import type { ChatMessage, ReplyTo, SessionUser } from "@/lib/schemas";

import { lowerBound, type ChatAction, type ChatState } from "./chat-state";

/** Thrown by sendMessage when asked to send as someone other than the signed-in user. */
export class ChatIdentityError extends Error {
  override name = "ChatIdentityError";
}

interface Options {
  user: SessionUser | null;
  stateRef: RefObject<ChatState>;
  apply: (action: ChatAction) => void;
  seenEpoch: (epoch: string) => boolean;
  catchUp: () => Promise<void>;
  /** A confirmed message arrived (its seq is now held). */
  received: (message: ChatMessage) => void;
  /** Filled in here: sends again what failed for a passing reason (called after each successful sync). */
  resendFailedRef: RefObject<() => void>;
}

/**
 * Optimistic sends with retry: each message is shown at once as "sending",
 * posted with a clientMessageId (so a retry can never double it), and
 * settled by the server's answer or its event. Failures for a passing reason
 * (no answer, 5xx, 429) are sent again by `resendFailed` after the next
 * successful sync.
 */
export function useChatSends({ user, stateRef, apply, seenEpoch, catchUp, received, resendFailedRef }: Options) {
  const deliver = useCallback(
    async (clientMessageId: string, message: string, replyTo?: string, attachments?: readonly Attachment[]) => {
      try {
        const files = attachments?.length ? { attachments: attachments.map((file) => file.id) } : {};
        const body = await apiFetch<{ message: unknown }>("/api/chat", { json: { message, clientMessageId, ...(replyTo ? { replyTo } : {}), ...files } });
        const { epoch: from, ...confirmed } = newMessageEventSchema.parse(body.message);
        // Stored by a restarted server: the fresh history will hold it (and settle the pending one).
        if (seenEpoch(from)) {
          void catchUp();
          return confirmed;
        }
        apply({ type: "merge", messages: [confirmed] });
        received(confirmed);
        return confirmed;
      } catch (caught) {
        const reason = caught instanceof ApiError ? caught.message : "Not sent.";
        // A reply to a message deleted or gone meanwhile will never go: not worth resending by itself.
        const retryable = caught instanceof ApiError ? caught.retryable : true;
        apply({ type: "failed", clientMessageId, error: reason, retryable });
        throw caught;
      }
    },
    [apply, catchUp, seenEpoch, received],
  );

  /**
   * Sends `text` as the signed-in user, optionally as a reply to the message
   * with id `options.replyTo` (quoted while sending if it is held), with the
   * files already uploaded for it (`attachments`: then the text may be
   * empty). `clientMessageId`: the draft's, when its files were uploaded
   * under it; a new one otherwise.
   */
  const send = useCallback(
    async (text: string, options: { replyTo?: string; clientMessageId?: string; attachments?: Attachment[] } = {}): Promise<ChatMessage> => {
      if (!user) throw new ChatIdentityError("Sign in to send messages.");
      const attachments = options.attachments?.length ? options.attachments : undefined;
      const parsed = attachments && text.trim() === "" ? { success: true as const, data: "" } : messageTextSchema.safeParse(text);
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "Invalid message.");
      const clientMessageId = options.clientMessageId ?? crypto.randomUUID();
      apply({
        type: "queue",
        message: {
          clientMessageId,
          userId: user.id,
          user: user.name,
          message: parsed.data,
          timestamp: new Date().toISOString(),
          status: "sending",
          ...(options.replyTo ? { replyTo: quoteOf(stateRef.current.sent, options.replyTo) } : {}),
          ...(attachments ? { attachments } : {}),
        },
      });
      return deliver(clientMessageId, parsed.data, options.replyTo, attachments);
    },
    [user, deliver, apply, stateRef],
  );

  /**
   * The seed's `sendMessage(text, userId, userName)`: a userId other than the
   * session's is refused, and the name always comes from the session.
   */
  const sendMessage = useCallback(
    (text: string, userId?: string, _userName?: string): Promise<ChatMessage> => {
      if (user && userId !== undefined && userId !== user.id) {
        return Promise.reject(new ChatIdentityError(`You can only send messages as yourself (signed in as ${user.name}).`));
      }
      return send(text);
    },
    [user, send],
  );

  /** Sends a failed message again with the same clientMessageId, so it can never double. */
  const retry = useCallback(
    (clientMessageId: string) => {
      const pending = stateRef.current.pending.find((p) => p.clientMessageId === clientMessageId);
      if (!pending || pending.status !== "failed") return Promise.resolve(undefined);
      apply({ type: "retrying", clientMessageId });
      return deliver(clientMessageId, pending.message, pending.replyTo?.id, pending.attachments).catch(() => undefined);
    },
    [deliver, apply, stateRef],
  );

  // After a successful sync the server answers again: send what failed for a passing reason.
  useEffect(() => {
    resendFailedRef.current = () => {
      for (const pending of stateRef.current.pending) if (pending.status === "failed" && pending.retryable) void retry(pending.clientMessageId);
    };
  }, [retry, stateRef, resendFailedRef]);

  return { send, sendMessage, retry };
}

/** The quote of a held message (or just its id when it is not held: the server fills in the rest). */
function quoteOf(sent: readonly ChatMessage[], id: string): ReplyTo {
  const seq = parseMessageId(id)?.seq ?? 0;
  const held = sent[lowerBound(sent, seq)];
  if (!held || held.id !== id) return { id, seq, userId: "", user: "", excerpt: "" };
  return { id, seq: held.seq, userId: held.userId, user: held.user, excerpt: excerptOf(held.message) };
}
