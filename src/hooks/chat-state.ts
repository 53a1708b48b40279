import type { ChatMessage } from "@/lib/schemas";

export interface PendingMessage {
  clientMessageId: string;
  userId: string;
  user: string;
  message: string;
  timestamp: string;
  status: "sending" | "failed";
  error?: string;
}

export type ChatItem = (ChatMessage & { status: "sent" }) | PendingMessage;

export interface ChatState {
  /** Confirmed messages, ascending by seq, unique by id. */
  sent: ChatMessage[];
  /** Optimistic messages not yet confirmed, in the order they were written. */
  pending: PendingMessage[];
  /** History has been loaded once. */
  loaded: boolean;
  /** Older messages exist on the server. */
  hasOlder: boolean;
}

export type ChatAction =
  | { type: "merge"; messages: ChatMessage[] }
  | { type: "loaded"; messages: ChatMessage[]; hasOlder: boolean }
  | { type: "older"; messages: ChatMessage[]; hasOlder: boolean }
  | { type: "queue"; message: PendingMessage }
  | { type: "failed"; clientMessageId: string; error: string }
  | { type: "retrying"; clientMessageId: string };

export const initialChatState: ChatState = { sent: [], pending: [], loaded: false, hasOlder: false };

function insert(sent: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  let result = sent;
  const known = new Set(sent.map((message) => message.id));
  for (const message of incoming) {
    if (known.has(message.id)) continue;
    known.add(message.id);
    if (result === sent) result = [...sent];
    // Usually the newest: append; otherwise walk back to its place.
    let index = result.length;
    while (index > 0 && result[index - 1]!.seq > message.seq) index -= 1;
    result.splice(index, 0, message);
  }
  return result;
}

function settle(state: ChatState, messages: ChatMessage[]): ChatState {
  const sent = insert(state.sent, messages);
  const confirmed = new Set(messages.filter((m) => m.clientMessageId).map((m) => `${m.userId}\u0000${m.clientMessageId}`));
  const remaining = confirmed.size
    ? state.pending.filter((p) => !confirmed.has(`${p.userId}\u0000${p.clientMessageId}`))
    : state.pending;
  const pending = remaining.length === state.pending.length ? state.pending : remaining;
  return sent === state.sent && pending === state.pending ? state : { ...state, sent, pending };
}

/** Merges history, live events and optimistic sends: no duplicates, ordered by seq. */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "merge":
      return settle(state, action.messages);
    case "loaded":
      return { ...settle(state, action.messages), loaded: true, hasOlder: action.hasOlder };
    case "older":
      return { ...settle(state, action.messages), hasOlder: action.hasOlder };
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
              ? { ...p, status: "failed", error: action.error }
              : { ...p, status: "sending", error: undefined },
        ),
      };
  }
}

/** What the view shows: confirmed messages, then the ones still on their way. */
export function chatItems(state: ChatState): ChatItem[] {
  return [...state.sent.map((message) => ({ ...message, status: "sent" as const })), ...state.pending];
}
