import "server-only";

import { MAX_REACTORS_LISTED, type ReactionEmoji } from "@/lib/chat";
import type { MessageUpdatedEvent, PinsUpdatedEvent, ReactorsResponse, ReadsResponse, ReadUpdatedEvent, SessionUser } from "@/lib/schemas";

import { removeFiles } from "../files/file-service";
import { getUserDirectory } from "../users/user-directory";
import { announce, messageUpdatedEvent, pinsUpdatedEvent, readsUpdatedEvent, readUpdatedEvent } from "./chat-events";
import { chatStore } from "./chat-service";
import type { ChangeResult } from "./chat-store";

/**
 * The changes to chat after posting — edits, deletes, reactions, pins, read
 * positions — each stored first (one atomic step per change, taking the next
 * `rev`), then announced and awaited. Every change is idempotent: asking for
 * what is already so changes nothing and sends the current state again, so
 * a retry after a 503 completes the announcement without a second effect.
 */

/**
 * Most replies whose emptied quotes are announced one by one after a delete;
 * past it, pages find them by the gap in revs (one fetch of the changes).
 */
const MAX_RELATED_EVENTS = 20;

/** `message-updated` (and `pins-updated` when the pins changed with it); the answer is the message now. */
async function announceChange(result: ChangeResult, what: string): Promise<{ message: MessageUpdatedEvent }> {
  const message: MessageUpdatedEvent = { ...result.message, epoch: result.epoch };
  const events = [messageUpdatedEvent(message)];
  if (result.pins) events.push(pinsUpdatedEvent({ pins: result.pins, rev: result.message.rev, epoch: result.epoch }));
  for (const related of (result.related ?? []).slice(0, MAX_RELATED_EVENTS)) events.push(messageUpdatedEvent({ ...related, epoch: result.epoch }));
  await announce(events, what);
  return { message };
}

/** The author's new text, within EDIT_WINDOW_MS of posting: 403 someone else's, 409 too late or deleted, 404 gone. */
export async function editMessage(user: SessionUser, input: { messageId: string; message: string }): Promise<{ message: MessageUpdatedEvent }> {
  const result = await chatStore().edit({ id: input.messageId, userId: user.id, message: input.message });
  return announceChange(result, "chat edit");
}

/** Deletes a message: the author's own, or any for a coach (403 otherwise). Idempotent. */
export async function deleteMessage(user: SessionUser, messageId: string): Promise<{ message: MessageUpdatedEvent }> {
  const result = await chatStore().remove({ id: messageId, userId: user.id, asCoach: user.role === "coach" });
  // The message no longer shows its files: their bytes go too (best effort, never failing the delete).
  await removeFiles(result.removedAttachments);
  return announceChange(result, "chat delete");
}

/** Sets the user's `emoji` reaction on or off (never a blind flip, so a retry cannot undo it). */
export async function reactToMessage(user: SessionUser, input: { messageId: string; emoji: ReactionEmoji; on: boolean }): Promise<{ message: MessageUpdatedEvent }> {
  const result = await chatStore().react({ id: input.messageId, userId: user.id, emoji: input.emoji, on: input.on });
  return announceChange(result, "chat reaction");
}

/** Who reacted with `emoji`, by name, in the order they did (up to MAX_REACTORS_LISTED), with the exact count. */
export async function listReactors(messageId: string, emoji: ReactionEmoji): Promise<ReactorsResponse> {
  const { count, userIds } = await chatStore().reactors(messageId, emoji, MAX_REACTORS_LISTED);
  const known = await getUserDirectory().users(userIds);
  return { emoji, count, users: userIds.map((id) => ({ id, name: known.get(id)?.name ?? "Former member" })) };
}

/** Pins or unpins (coaches): 409 beyond MAX_PINS or for a deleted message. Sends `pins-updated`. */
export async function setPinned(by: string, input: { messageId: string; pinned: boolean }): Promise<PinsUpdatedEvent> {
  const { pins, rev, epoch } = await chatStore().setPin({ id: input.messageId, pinned: input.pinned, by });
  const data: PinsUpdatedEvent = { pins, rev, epoch };
  await announce([pinsUpdatedEvent(data)], "chat pins");
  return data;
}

/**
 * Moves the user's read position forward (never back): `read-updated` on
 * their private channel, so every tab of theirs agrees on the unread count
 * at once, and `reads-updated` for the coaches' "Seen by".
 */
export async function markRead(user: SessionUser, seq: number): Promise<ReadUpdatedEvent> {
  const { lastReadSeq, changed, epoch } = await chatStore().markRead({ userId: user.id, name: user.name, seq });
  const data: ReadUpdatedEvent = { lastReadSeq, epoch };
  if (changed || lastReadSeq > 0) {
    await announce([readUpdatedEvent(user.id, data), readsUpdatedEvent({ userId: user.id, name: user.name, seq: lastReadSeq, epoch })], "chat read");
  }
  return data;
}

/** Everyone's read position (coaches: "Seen by N" and the names). */
export async function listReads(): Promise<ReadsResponse> {
  return chatStore().reads();
}
