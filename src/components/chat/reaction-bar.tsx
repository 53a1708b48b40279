"use client";

import { useId, useState } from "react";
import { toast } from "sonner";

import { REACTION_EMOJI, REACTION_LABELS, type ReactionEmoji } from "@/lib/chat";
import type { ChatMessage, Reaction } from "@/lib/schemas";
import { cn } from "@/lib/utils";

import { failureText, type ChatControls } from "./chat-controls";

const isOffered = (emoji: string): emoji is ReactionEmoji => (REACTION_EMOJI as readonly string[]).includes(emoji);

/** "Ana, Ben and you", "Ana, Ben and 3 others": the people named first, then how many more. */
export function reactorsText(names: readonly string[], count: number): string {
  const others = Math.max(0, count - names.length);
  const parts = others > 0 ? [...names, `${others} ${others === 1 ? "other" : "others"}`] : [...names];
  if (parts.length <= 1) return parts[0] ?? "";
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/**
 * The reactions a message has, each a toggle with its count; who reacted
 * shows on hover and focus (and is the toggle's description for screen
 * readers). Names come from the people the page knows; when some are
 * missing, the full list is asked for once on hover or focus.
 */
export function ReactionBar({
  message,
  controls,
  nameOf,
  currentUserId,
}: {
  message: ChatMessage;
  controls: Pick<ChatControls, "react" | "reacted" | "loadReactors">;
  nameOf: (userId: string) => string | undefined;
  currentUserId?: string;
}) {
  const reactions = (message.reactions ?? []).filter((reaction) => reaction.count > 0 && isOffered(reaction.emoji));
  if (reactions.length === 0) return null;
  return (
    <ul aria-label="Reactions" className="flex flex-wrap gap-1">
      {reactions.map((reaction) => (
        <li key={reaction.emoji}>
          <ReactionChip message={message} reaction={reaction} controls={controls} nameOf={nameOf} currentUserId={currentUserId} />
        </li>
      ))}
    </ul>
  );
}

function ReactionChip({
  message,
  reaction,
  controls,
  nameOf,
  currentUserId,
}: {
  message: ChatMessage;
  reaction: Reaction;
  controls: Pick<ChatControls, "react" | "reacted" | "loadReactors">;
  nameOf: (userId: string) => string | undefined;
  currentUserId?: string;
}) {
  const id = useId();
  const emoji = reaction.emoji as ReactionEmoji;
  const mine = controls.reacted(message, emoji);
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState<{ count: number; names: string[] } | null>(null);
  const known = reaction.userIds.flatMap((userId) => {
    if (userId === currentUserId) return ["you"];
    const name = nameOf(userId);
    return name ? [name] : [];
  });
  const names = loaded && loaded.count === reaction.count ? loaded.names : known;
  const who = reactorsText(names, reaction.count);
  const label = REACTION_LABELS[emoji];

  function loadNames() {
    if (known.length >= reaction.count || (loaded && loaded.count === reaction.count)) return;
    controls
      .loadReactors(message.id, emoji)
      .then(setLoaded)
      .catch(() => undefined);
  }

  async function toggle() {
    setBusy(true);
    try {
      await controls.react(message.id, emoji, !mine);
    } catch (caught) {
      toast.error(failureText(caught, "Could not change your reaction."));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="group/reaction relative inline-flex">
      <button
        type="button"
        aria-pressed={mine}
        aria-label={`${label}: ${reaction.count}`}
        aria-describedby={`${id}-who`}
        disabled={busy}
        onClick={toggle}
        onFocus={loadNames}
        onPointerEnter={loadNames}
        className={cn(
          "inline-flex h-7 min-w-11 items-center justify-center gap-1 rounded-full border px-2 text-xs font-medium tabular-nums transition-colors focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring disabled:opacity-60 touch:h-11",
          mine ? "border-primary bg-accent text-accent-foreground" : "border-border bg-card text-foreground hover:bg-muted",
        )}
      >
        <span aria-hidden>{reaction.emoji}</span>
        <span aria-hidden>{reaction.count}</span>
      </button>
      <span
        id={`${id}-who`}
        role="tooltip"
        className="pointer-events-none invisible absolute bottom-full left-0 z-20 mb-1 w-max max-w-56 rounded-md border border-border bg-card px-2 py-1 text-xs text-foreground shadow-md group-focus-within/reaction:visible group-hover/reaction:visible"
      >
        {who ? `${label}: ${who}` : label}
      </span>
    </span>
  );
}
