import { AlertCircle, Loader2, RotateCw } from "lucide-react";
import type { ReactNode } from "react";

import { MessageAttachments } from "@/components/attachments/message-attachments";
import { Button } from "@/components/ui/button";
import type { ChatItem } from "@/hooks/chat-state";
import type { Role } from "@/lib/schemas";
import { cn } from "@/lib/utils";

import { Avatar } from "./avatar";
import { CoachBadge } from "./coach-badge";
import { MessageText } from "./message-text";
import { mentions } from "./message-tokens";
import { exactTime, RelativeTime } from "./relative-time";

/** What every message of the list needs to know about the reader and the team. */
export interface MessageView {
  currentUserId?: string;
  /** The reader's name: mentions of it are marked. */
  myName?: string;
  /** Names of known members (mentions of them stand out). */
  names: readonly string[];
  /** The role of an author the message itself does not name (older messages): from presence. */
  roleOf: (userId: string) => Role | undefined;
  now: Date;
}

/**
 * One message. The first of a group shows the avatar, the name (with a coach
 * badge) and the time; the rest of the group only their text. Your own sit on
 * the right. Text is always text (see MessageText). `extra` holds what the
 * message carries besides its text (reactions, read receipts); `actions` the
 * controls shown beside it.
 */
export function MessageItem({
  item,
  itemKey,
  groupStart,
  groupEnd,
  view,
  highlighted = false,
  onRetry,
  before,
  extra,
  actions,
  body,
}: {
  item: ChatItem;
  /** The list's key for this item, so the list can find it to hold the scroll position. */
  itemKey?: string;
  groupStart: boolean;
  groupEnd: boolean;
  view: MessageView;
  /** Opened from a link: shown highlighted for a moment. */
  highlighted?: boolean;
  onRetry: (clientMessageId: string) => void;
  /** Above the text inside the message (a reply's quote). */
  before?: ReactNode;
  extra?: ReactNode;
  actions?: ReactNode;
  /** Replaces the text bubble (the inline editor, a removed message). */
  body?: ReactNode;
}) {
  const own = item.userId === view.currentUserId;
  const role = ("role" in item ? item.role : undefined) ?? view.roleOf(item.userId);
  const coach = role === "coach";
  const mentionsMe = !own && view.myName !== undefined && mentions(item.message, view.myName);
  const id = item.status === "sent" ? item.id : undefined;
  const attachments = item.attachments ?? [];
  return (
    <li
      id={id ? `message-${id}` : undefined}
      data-key={itemKey}
      data-message-id={id}
      data-status={item.status}
      data-own={own || undefined}
      data-group-start={groupStart || undefined}
      data-mentions-me={mentionsMe || undefined}
      data-highlighted={highlighted || undefined}
      aria-label={`${item.user}${own ? " (you)" : coach ? " (coach)" : ""}`}
      className={cn(
        "group/message relative -mx-2 flex scroll-my-16 gap-2 rounded-lg px-2 py-0.5 motion-safe:transition-colors motion-safe:duration-700",
        own && "flex-row-reverse",
        groupStart ? "mt-2" : "mt-0.5",
        groupEnd && "mb-1",
        highlighted && "bg-accent",
        !highlighted && "focus-within:bg-muted/60 hover:bg-muted/60",
      )}
    >
      {!own && (groupStart ? <Avatar id={item.userId} name={item.user} className="mt-0.5" /> : <span aria-hidden className="w-8 shrink-0" />)}
      <div className={cn("flex max-w-[85%] min-w-0 flex-col gap-0.5 sm:max-w-[75%]", own ? "items-end" : "items-start")}>
        {groupStart ? (
          <p className={cn("flex flex-wrap items-center gap-x-1.5 text-xs text-muted-foreground", own && "justify-end")}>
            <span className="font-medium text-foreground">{own ? "You" : item.user}</span>
            {coach && <CoachBadge />}
            <RelativeTime timestamp={item.timestamp} now={view.now} align={own ? "end" : "start"} />
          </p>
        ) : (
          <span className="sr-only">{exactTimeOf(item.timestamp)}</span>
        )}
        {before}
        {body ?? (!item.message && attachments.length > 0 ? null : (
          <div
            data-slot="bubble"
            className={cn(
              "max-w-full rounded-2xl px-3 py-2 text-sm",
              own ? "bg-primary text-primary-foreground" : "bg-muted text-foreground",
              mentionsMe && "ring-2 ring-warning-border",
              item.status !== "sent" && "opacity-80",
            )}
          >
            {mentionsMe && <span className="sr-only">Mentions you: </span>}
            <MessageText text={item.message} names={view.names} me={own ? undefined : view.myName} />
          </div>
        ))}
        {!body && attachments.length > 0 && <MessageAttachments attachments={attachments} own={own} />}
        {extra}
        {item.status === "sending" && (
          <p className="flex items-center gap-1 text-xs text-muted-foreground">
            <Loader2 aria-hidden className="size-3 motion-safe:animate-spin" /> Sending…
          </p>
        )}
        {item.status === "failed" && (
          <p className="flex flex-wrap items-center gap-2 text-xs text-destructive">
            <AlertCircle aria-hidden className="size-3" /> Not sent{item.error ? `: ${item.error}` : ""}
            <Button variant="outline" size="xs" onClick={() => onRetry(item.clientMessageId)}>
              <RotateCw aria-hidden className="size-3" /> Retry
            </Button>
          </p>
        )}
      </div>
      {actions}
    </li>
  );
}

function exactTimeOf(timestamp: string): string {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? "" : exactTime(date);
}
