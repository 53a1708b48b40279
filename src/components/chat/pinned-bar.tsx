"use client";

import { ChevronDown, Pin as PinIcon, PinOff } from "lucide-react";
import { useId, useState } from "react";

import type { Pin } from "@/lib/schemas";
import { cn } from "@/lib/utils";

/**
 * The pinned messages above the chat: the latest one in a line, the rest a
 * press away. Each opens its message in the history; coaches can unpin.
 */
export function PinnedBar({
  pins,
  canUnpin,
  onOpen,
  onUnpin,
}: {
  pins: readonly Pin[];
  canUnpin: boolean;
  onOpen: (messageId: string) => void;
  onUnpin: (messageId: string) => void;
}) {
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  if (pins.length === 0) return null;
  const latest = [...pins].sort((a, b) => b.pinnedAt.localeCompare(a.pinnedAt));
  const shown = expanded ? latest : latest.slice(0, 1);
  return (
    <section aria-label="Pinned messages" data-slot="pinned-bar" className="border-b border-border bg-accent/50 px-3 py-1.5 sm:px-4">
      <div className="flex items-start gap-2">
        <PinIcon aria-hidden className="mt-1.5 size-3.5 shrink-0 text-accent-foreground" />
        <ul id={id} className="min-w-0 flex-1">
          {shown.map((pin) => (
            <li key={pin.id} className="flex min-w-0 items-center gap-1">
              <button
                type="button"
                onClick={() => onOpen(pin.id)}
                className="min-w-0 flex-1 truncate rounded-md py-1 text-left text-sm hover:underline focus-visible:outline-2 focus-visible:outline-ring touch:min-h-11"
                aria-label={`Pinned message from ${pin.user}: ${pin.excerpt}. Show it in the chat`}
              >
                <span className="font-semibold">{pin.user}:</span> <span className="text-foreground/90">{pin.excerpt}</span>
              </button>
              {canUnpin && (
                <button
                  type="button"
                  onClick={() => onUnpin(pin.id)}
                  aria-label={`Unpin the message from ${pin.user}`}
                  className="inline-flex size-7 shrink-0 items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring touch:size-11"
                >
                  <PinOff aria-hidden className="size-3.5" />
                </button>
              )}
            </li>
          ))}
        </ul>
        {pins.length > 1 && (
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={id}
            onClick={() => setExpanded((value) => !value)}
            className="inline-flex shrink-0 items-center gap-1 rounded-md px-1.5 py-1 text-xs font-medium text-accent-foreground hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring touch:min-h-11"
          >
            {expanded ? "Show less" : `${pins.length} pinned`}
            <ChevronDown aria-hidden className={cn("size-3 motion-safe:transition-transform", expanded && "rotate-180")} />
          </button>
        )}
      </div>
    </section>
  );
}
