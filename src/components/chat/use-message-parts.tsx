"use client";

import { useCallback, useState } from "react";
import { toast } from "sonner";

import type { ChatItem } from "@/hooks/chat-state";
import type { ChatMessage, Role } from "@/lib/schemas";

import { failureText, type ChatControls } from "./chat-controls";
import { MessageActions, type MessageAction } from "./message-actions";
import { DeleteConfirm, MessageEditor } from "./message-editor";
import type { MessageParts } from "./message-list";
import { ReactionBar } from "./reaction-bar";
import { ReplyQuote } from "./reply-quote";
import { SeenBy } from "./seen-by";

/**
 * Issue 16's parts of each message, and the state behind them (which message
 * is being edited or confirmed for removal): the quote of a reply, the
 * inline editor, "message removed", "edited", reactions, "Seen by N" for
 * coaches (under the last message of a group), and the actions menu.
 */
export function useMessageParts({
  controls,
  currentUserId,
  role,
  nameOf,
  onReply,
  onJump,
}: {
  controls: ChatControls;
  currentUserId?: string;
  role?: Role;
  nameOf: (userId: string) => string | undefined;
  onReply: (message: ChatMessage) => void;
  onJump: (messageId: string) => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const coach = role === "coach";

  // The result shows where it happened (the bar, the message); only a refusal needs a word.
  const run = useCallback(async (action: () => Promise<void>, failure: string) => {
    try {
      await action();
    } catch (caught) {
      toast.error(failureText(caught, failure));
    }
  }, []);

  const partsOf = useCallback(
    (item: ChatItem, row: { groupStart: boolean; groupEnd: boolean }): MessageParts => {
      if (item.status !== "sent") return {};
      const message = item as ChatMessage;
      const own = message.userId === currentUserId;
      const pinned = controls.pins.some((pin) => pin.id === message.id);
      const before = message.replyTo && !message.deleted ? <ReplyQuote replyTo={message.replyTo} own={own} onJump={onJump} /> : undefined;

      if (message.deleted) {
        return {
          before,
          body: (
            <p data-slot="message-removed" className="rounded-2xl border border-dashed border-border px-3 py-2 text-sm text-muted-foreground italic">
              message removed
            </p>
          ),
        };
      }

      const body =
        editing === message.id ? (
          <MessageEditor
            initial={message.message}
            onCancel={() => setEditing(null)}
            onSave={async (text) => {
              await controls.edit(message.id, text);
              setEditing(null);
            }}
          />
        ) : undefined;

      const seen = coach && row.groupEnd ? controls.seenBy(message) : 0;
      const extra = (
        <>
          {(message.editedAt || (message.reactions?.length ?? 0) > 0 || seen > 0) && (
            <div className={`flex flex-wrap items-center gap-x-2 gap-y-1 ${own ? "justify-end" : ""}`}>
              {message.editedAt && (
                <span className="text-xs text-muted-foreground" title={new Date(message.editedAt).toLocaleString()}>
                  (edited)
                </span>
              )}
              <ReactionBar message={message} controls={controls} nameOf={nameOf} currentUserId={currentUserId} />
              {seen > 0 && <SeenBy count={seen} load={() => controls.loadSeenBy(message.id)} />}
            </div>
          )}
          {confirming === message.id && (
            <DeleteConfirm
              onCancel={() => setConfirming(null)}
              onConfirm={() => run(() => controls.remove(message.id).then(() => setConfirming(null)), "Could not delete the message.")}
            />
          )}
        </>
      );

      const actions: MessageAction[] = ["reply"];
      if (controls.canEdit(message)) actions.push("edit");
      if (controls.canRemove(message)) actions.push("delete");
      if (coach) actions.push(pinned ? "unpin" : "pin");
      const onAction = (action: MessageAction) => {
        if (action === "reply") onReply(message);
        else if (action === "edit") setEditing(message.id);
        else if (action === "delete") setConfirming(message.id);
        else if (action === "pin") void run(() => controls.pin(message.id), "Could not pin the message.");
        else void run(() => controls.unpin(message.id), "Could not unpin the message.");
      };

      return {
        before,
        body,
        extra,
        actions: (
          <MessageActions
            label={own ? "Actions for your message" : `Actions for ${message.user}'s message`}
            actions={actions}
            align={own ? "start" : "end"}
            reacted={(emoji) => controls.reacted(message, emoji)}
            onReact={(emoji) => void run(() => controls.react(message.id, emoji, !controls.reacted(message, emoji)), "Could not change your reaction.")}
            onAction={onAction}
          />
        ),
      };
    },
    [controls, currentUserId, coach, editing, confirming, nameOf, onReply, onJump, run],
  );

  return { partsOf, editing, confirming };
}
