import "server-only";

import { EDIT_WINDOW_MS, MAX_PINS } from "@/lib/chat";

import { ConflictError, ForbiddenError, NotFoundError } from "../errors";

/** The message id names no message this store holds (unknown, another epoch, or fallen off the history): 404. */
export class MessageNotFoundError extends NotFoundError {
  override name = "MessageNotFoundError";
  constructor() {
    super("That message is no longer in the chat.", "message_not_found");
  }
}

/** Editing or deleting someone else's message (only coaches may delete any): 403. */
export class NotAuthorError extends ForbiddenError {
  override name = "NotAuthorError";
  constructor(action: "edit" | "delete") {
    super(action === "edit" ? "You can only edit your own messages." : "You can only delete your own messages.", "not_author");
  }
}

/** Editing, reacting to, pinning or replying to a deleted message: 409. */
export class MessageDeletedError extends ConflictError {
  override name = "MessageDeletedError";
  constructor() {
    super("That message was deleted.", "message_deleted");
  }
}

/** An edit later than EDIT_WINDOW_MS after posting: 409. */
export class EditWindowClosedError extends ConflictError {
  override name = "EditWindowClosedError";
  constructor() {
    super(`Messages can be edited for ${EDIT_WINDOW_MS / 60_000} minutes after posting.`, "edit_window_closed");
  }
}

/** A pin beyond MAX_PINS: 409. */
export class TooManyPinsError extends ConflictError {
  override name = "TooManyPinsError";
  constructor() {
    super(`At most ${MAX_PINS} messages can be pinned; unpin one first.`, "too_many_pins");
  }
}
