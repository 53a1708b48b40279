import { AlertCircle, Loader2, RotateCw } from "lucide-react";

import { Button } from "@/components/ui/button";
import type { ChatItem } from "@/hooks/chat-state";
import { cn } from "@/lib/utils";

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** One message: author, time, text (always as text, never HTML); your own on the right. */
export function MessageItem({
  item,
  itemKey,
  own,
  onRetry,
}: {
  item: ChatItem;
  /** The list's key for this item, so the list can find it to hold the scroll position. */
  itemKey?: string;
  own: boolean;
  onRetry: (clientMessageId: string) => void;
}) {
  const time = new Date(item.timestamp);
  return (
    <li
      data-key={itemKey}
      data-status={item.status}
      data-own={own || undefined}
      className={cn("flex flex-col gap-0.5", own ? "items-end" : "items-start")}
      aria-label={`${item.user}${own ? " (you)" : ""}`}
    >
      <p className="text-xs text-muted-foreground">
        <span className="font-medium text-foreground">{own ? "You" : item.user}</span>{" "}
        <time dateTime={item.timestamp}>{timeFormat.format(time)}</time>
      </p>
      <p
        className={cn(
          "max-w-[80%] rounded-2xl px-3 py-2 text-sm break-words whitespace-pre-wrap",
          own ? "bg-primary text-primary-foreground" : "bg-muted text-foreground",
          item.status !== "sent" && "opacity-80",
        )}
      >
        {item.message}
      </p>
      {item.status === "sending" && (
        <p className="flex items-center gap-1 text-xs text-muted-foreground">
          <Loader2 aria-hidden className="size-3 animate-spin" /> Sending…
        </p>
      )}
      {item.status === "failed" && (
        <p className="flex items-center gap-2 text-xs text-destructive">
          <AlertCircle aria-hidden className="size-3" /> Not sent{item.error ? `: ${item.error}` : ""}
          <Button variant="outline" size="xs" onClick={() => onRetry(item.clientMessageId)}>
            <RotateCw aria-hidden className="size-3" /> Retry
          </Button>
        </p>
      )}
    </li>
  );
}
