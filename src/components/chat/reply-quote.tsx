import { CornerUpLeft, X } from "lucide-react";

import type { ReplyTo } from "@/lib/schemas";
import { cn } from "@/lib/utils";

/**
 * The quote of the message a reply answers, inside the reply: a button that
 * jumps to the original (loading older history when needed).
 */
export function ReplyQuote({ replyTo, own, onJump }: { replyTo: ReplyTo; own: boolean; onJump: (messageId: string) => void }) {
  return (
    <button
      type="button"
      onClick={() => onJump(replyTo.id)}
      aria-label={`In reply to ${replyTo.user}: ${replyTo.excerpt}. Show the original message`}
      data-slot="reply-quote"
      className={cn(
        "flex max-w-full min-w-0 items-start gap-1.5 rounded-lg border-l-4 border-primary bg-muted/70 px-2 py-1 text-left text-xs text-muted-foreground hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring touch:min-h-11",
        own && "self-end",
      )}
    >
      <CornerUpLeft aria-hidden className="mt-0.5 size-3 shrink-0" />
      <span className="min-w-0">
        <span className="font-semibold text-foreground">{replyTo.user}</span>{" "}
        <span className="line-clamp-2 wrap-anywhere">{replyTo.excerpt || "message removed"}</span>
      </span>
    </button>
  );
}

/** Above the message box while writing a reply: whom you answer, and a way out (also Escape in the box). */
export function ReplyingTo({ user, excerpt, onCancel }: { user: string; excerpt: string; onCancel: () => void }) {
  return (
    <div data-slot="replying-to" className="flex items-start gap-2 border-b border-border bg-muted/60 px-3 py-1.5 text-xs">
      <CornerUpLeft aria-hidden className="mt-0.5 size-3 shrink-0 text-muted-foreground" />
      <p className="min-w-0 flex-1">
        <span className="font-semibold">Replying to {user}</span>
        <span className="block truncate text-muted-foreground">{excerpt}</span>
      </p>
      <button
        type="button"
        onClick={onCancel}
        aria-label={`Cancel the reply to ${user}`}
        className="inline-flex size-6 shrink-0 items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring touch:size-11"
      >
        <X aria-hidden className="size-4" />
      </button>
    </div>
  );
}
