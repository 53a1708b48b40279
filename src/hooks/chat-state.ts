import type { Attachment } from "@/lib/attachments";
import type { ChatMessage, ReplyTo } from "@/lib/schemas";

/** Messages held while following the newest: a long session never holds more. */
export const CHAT_WINDOW = 500;
/** Hard cap while reading older history (scrolled up): older pages push out the newest. */
export const CHAT_MAX_HELD = 3 * CHAT_WINDOW;

/** An optimistic message: the fields of a ChatMessage the server has not assigned yet, plus its send state. */
export type PendingMessage = Pick<ChatMessage, "userId" | "user" | "message" | "timestamp"> & {
  clientMessageId: string;
  status: "sending" | "failed";
  error?: string;
  /** A failed send worth trying again by itself (no answer, 5xx, 429), not one the server refused for good. */
  retryable?: boolean;
  /** The message it answers (the quote as shown while sending; `id` is what a retry sends again). */
  replyTo?: ReplyTo;
  /** Files it carries (already uploaded; their ids are what a retry sends again). */
  attachments?: Attachment[];
};

export type ChatItem = (ChatMessage & { status: "sent" }) | PendingMessage;

export interface ChatState {
  /** Confirmed messages, ascending by seq, unique by seq and id; a window of the history. */
  sent: ChatMessage[];
  /** Optimistic messages not yet confirmed, in the order they were written (never dropped). */
  pending: PendingMessage[];
  /** History has been loaded once. */
  loaded: boolean;
  /** Older messages exist on the server (or were dropped from the window). */
  hasOlder: boolean;
  /** Newer messages were dropped while reading history: reload the latest before following again. */
  hasNewer: boolean;
  /** The reader is at the newest messages (the window keeps the newest CHAT_WINDOW). */
  following: boolean;
}

export type ChatAction =
  | { type: "merge"; messages: ChatMessage[] }
  | { type: "loaded"; messages: ChatMessage[]; hasOlder: boolean }
  | { type: "older"; messages: ChatMessage[]; hasOlder: boolean }
  | { type: "reset"; messages: ChatMessage[]; hasOlder: boolean }
  /** Changed messages (edits, deletes, reactions): replace the held ones of an older rev; never adds. */
  | { type: "update"; messages: ChatMessage[] }
  /** A page read away from the newest (jumping to an old message): it becomes the window. */
  | { type: "window"; messages: ChatMessage[]; hasOlder: boolean; hasNewer: boolean }
  | { type: "follow"; following: boolean }
  | { type: "queue"; message: PendingMessage }
  | { type: "failed"; clientMessageId: string; error: string; retryable?: boolean }
  | { type: "retrying"; clientMessageId: string };

export const initialChatState: ChatState = { sent: [], pending: [], loaded: false, hasOlder: false, hasNewer: false, following: true };

/** Index of the first message whose seq is ≥ `seq` (binary search). */
export function lowerBound(sent: readonly ChatMessage[], seq: number): number {
  let low = 0;
  let high = sent.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sent[middle]!.seq < seq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Inserts each message at its place by binary search: O(log n) to find,
 * no re-sort. A seq already held is a duplicate, unless it comes with a
 * newer `rev` (it changed since): then it replaces the held one. With
 * `ceiling`, messages newer than it are left out (they lie beyond a window
 * that dropped its newest). `addNew` false: only replaces. Returns `sent`
 * itself when nothing changed.
 */
function insert(sent: ChatMessage[], incoming: readonly ChatMessage[], ceiling?: number, addNew = true): ChatMessage[] {
  let result = sent;
  for (const message of incoming) {
    if (ceiling !== undefined && message.seq > ceiling) continue;
    const index = lowerBound(result, message.seq);
    const held = result[index];
    if (held?.seq === message.seq) {
      if (message.rev <= held.rev) continue;
      if (result === sent) result = [...sent];
      result[index] = message;
      continue;
    }
    if (!addNew) continue;
    if (result === sent) result = [...sent];
    result.splice(index, 0, message);
  }
  return result;
}

/** Keeps the window bounded: the newest CHAT_WINDOW while following, at most CHAT_MAX_HELD otherwise. */
function bound(state: ChatState, dropNewest: boolean): ChatState {
  const { sent } = state;
  const limit = state.following && !state.hasNewer ? CHAT_WINDOW : CHAT_MAX_HELD;
  if (sent.length <= limit) return state;
  if (dropNewest) return { ...state, sent: sent.slice(0, limit), hasNewer: true };
  return { ...state, sent: sent.slice(sent.length - limit), hasOlder: true };
}

function settle(state: ChatState, messages: readonly ChatMessage[]): ChatState {
  const ceiling = state.hasNewer ? state.sent.at(-1)?.seq : undefined;
  const sent = insert(state.sent, messages, ceiling);
  const confirmed = new Set(messages.filter((m) => m.clientMessageId).map((m) => `${m.userId}\u0000${m.clientMessageId}`));
  const remaining = confirmed.size
    ? state.pending.filter((p) => !confirmed.has(`${p.userId}\u0000${p.clientMessageId}`))
    : state.pending;
  const pending = remaining.length === state.pending.length ? state.pending : remaining;
  return sent === state.sent && pending === state.pending ? state : { ...state, sent, pending };
}

/**
 * Merges history, live events and optimistic sends: no duplicates, ordered by
 * seq, within a bounded window (see CHAT_WINDOW and CHAT_MAX_HELD).
 */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "merge":
      return bound(settle(state, action.messages), false);
    case "loaded":
      return bound({ ...settle(state, action.messages), loaded: true, hasOlder: action.hasOlder }, false);
    case "older":
      // Older pages load for a reader scrolled up: they push out the newest, not what is being read.
      return bound({ ...settle(state, action.messages), hasOlder: action.hasOlder, following: false }, true);
    case "reset":
      return bound({ ...settle({ ...state, sent: [], hasNewer: false }, action.messages), loaded: true, hasOlder: action.hasOlder }, false);
    case "update": {
      const sent = insert(state.sent, action.messages, undefined, false);
      return sent === state.sent ? state : { ...state, sent };
    }
    case "window":
      return bound(
        { ...settle({ ...state, sent: [] }, action.messages), loaded: true, hasOlder: action.hasOlder, hasNewer: action.hasNewer, following: false },
        true,
      );
    case "follow":
      if (state.following === action.following) return state;
      return bound({ ...state, following: action.following }, false);
    case "queue":
      return { ...state, pending: [...state.pending, action.message] };
    case "failed":
    case "retrying":
      return {
        ...state,
        pending: state.pending.map((p) =>
          p.clientMessageId !== action.clientMessageId
            ? p
            : action.type === "failed"
              ? { ...p, status: "failed", error: action.error, retryable: action.retryable }
              : { ...p, status: "sending", error: undefined, retryable: undefined },
        ),
      };
  }
}

/** What the view shows: confirmed messages, then the ones still on their way. */
export function chatItems(state: ChatState): ChatItem[] {
  return [...state.sent.map((message) => ({ ...message, status: "sent" as const })), ...state.pending];
}
