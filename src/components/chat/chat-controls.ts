import type { ReactionEmoji } from "@/lib/chat";
import type { ChatMessage, Pin } from "@/lib/schemas";

/**
 * What the message controls need from the chat (useChat provides all of it):
 * reactions, replies, edits, removal, pins and read receipts. Each action
 * rejects with the server's message when refused; the controls show it.
 */
export interface ChatControls {
  react(messageId: string, emoji: ReactionEmoji, on: boolean): Promise<void>;
  reacted(message: ChatMessage, emoji: ReactionEmoji): boolean;
  loadReactors(messageId: string, emoji: ReactionEmoji): Promise<{ count: number; names: string[] }>;
  edit(messageId: string, text: string): Promise<void>;
  remove(messageId: string): Promise<void>;
  canEdit(message: ChatMessage): boolean;
  canRemove(message: ChatMessage): boolean;
  pins: Pin[];
  pin(messageId: string): Promise<void>;
  unpin(messageId: string): Promise<void>;
  seenBy(message: ChatMessage): number;
  loadSeenBy(messageId: string): Promise<string[]>;
}

/** The message of an action's failure, for a toast. */
export function failureText(caught: unknown, fallback: string): string {
  return caught instanceof Error && caught.message ? caught.message : fallback;
}
