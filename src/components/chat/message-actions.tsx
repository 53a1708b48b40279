"use client";

import { MoreHorizontal, Pencil, Pin, PinOff, Reply, Trash2, type LucideIcon } from "lucide-react";
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";

import { useDismiss } from "@/hooks/use-dismiss";
import { REACTION_EMOJI, REACTION_LABELS, type ReactionEmoji } from "@/lib/chat";
import { cn } from "@/lib/utils";

export type MessageAction = "reply" | "edit" | "delete" | "pin" | "unpin";

const ITEMS: Record<MessageAction, { label: string; Icon: LucideIcon; danger?: boolean }> = {
  reply: { label: "Reply", Icon: Reply },
  edit: { label: "Edit", Icon: Pencil },
  delete: { label: "Delete", Icon: Trash2, danger: true },
  pin: { label: "Pin to the top", Icon: Pin },
  unpin: { label: "Unpin", Icon: PinOff },
};

/**
 * A message's actions menu (WAI-ARIA menu button): the reactions first (each
 * checked when it is yours), then Reply, Edit, Delete, Pin — only those
 * `actions` allows. Arrow keys, Home and End move; Enter or Space acts;
 * Escape closes and returns focus to the button; Tab closes. The button
 * shows on hover and focus, and always on touch screens; on phones the menu
 * is a sheet at the bottom of the screen.
 */
export function MessageActions({
  label,
  actions,
  reacted,
  onReact,
  onAction,
  align = "end",
}: {
  /** Names the button and the menu: "Actions for Ana's message". */
  label: string;
  actions: MessageAction[];
  reacted: (emoji: ReactionEmoji) => boolean;
  onReact: (emoji: ReactionEmoji) => void;
  onAction: (action: MessageAction) => void;
  align?: "start" | "end";
}) {
  const root = useRef<HTMLDivElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [upward, setUpward] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, root);

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>("[role^=menuitem]")?.focus();
  }, [open]);

  function toggle() {
    const rect = root.current?.getBoundingClientRect();
    setUpward(rect ? rect.top > window.innerHeight / 2 : false);
    setOpen((value) => !value);
  }

  function choose(run: () => void) {
    setOpen(false);
    root.current?.querySelector<HTMLElement>("[aria-haspopup]")?.focus();
    run();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>("[role^=menuitem]") ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const go = (next: number) => {
      event.preventDefault();
      items[(next + items.length) % items.length]?.focus();
    };
    if (event.key === "ArrowDown" || event.key === "ArrowRight") go(index + 1);
    else if (event.key === "ArrowUp" || event.key === "ArrowLeft") go(index - 1);
    else if (event.key === "Home") go(0);
    else if (event.key === "End") go(items.length - 1);
    else if (event.key === "Tab") setOpen(false);
  }

  const itemClass =
    "flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm outline-none hover:bg-muted focus-visible:bg-muted focus-visible:outline-2 focus-visible:outline-ring touch:min-h-11";
  return (
    <div ref={root} className="relative shrink-0 self-start">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={label}
        onClick={toggle}
        className={cn(
          "inline-flex size-8 items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-ring touch:size-11",
          open ? "opacity-100" : "opacity-0 group-focus-within/message:opacity-100 group-hover/message:opacity-100 touch:opacity-100",
        )}
      >
        <MoreHorizontal aria-hidden className="size-4" />
      </button>
      {open && (
        <div
          ref={menu}
          role="menu"
          aria-label={label}
          onKeyDown={onKeyDown}
          className={cn(
            "absolute z-30 w-56 rounded-lg border border-border bg-card p-1 text-foreground shadow-lg touch:w-72",
            upward ? "bottom-full mb-1" : "top-full mt-1",
            align === "end" ? "right-0" : "left-0",
            // Phones: a sheet at the bottom of the screen, clear of the short chat history that would clip it.
            "max-sm:fixed max-sm:inset-x-2 max-sm:top-auto max-sm:bottom-[calc(0.5rem+env(safe-area-inset-bottom))] max-sm:z-50 max-sm:mt-0 max-sm:mb-0 max-sm:w-auto max-sm:shadow-2xl",
          )}
        >
          <div role="group" aria-label="React" className="mb-1 grid grid-cols-6 gap-0.5 border-b border-border pb-1">
            {REACTION_EMOJI.map((emoji) => {
              const on = reacted(emoji);
              return (
                <button
                  key={emoji}
                  type="button"
                  role="menuitemcheckbox"
                  aria-checked={on}
                  aria-label={REACTION_LABELS[emoji]}
                  tabIndex={-1}
                  onClick={() => choose(() => onReact(emoji))}
                  className={cn(
                    "flex h-9 items-center justify-center rounded-md text-lg outline-none hover:bg-muted focus-visible:bg-muted focus-visible:outline-2 focus-visible:outline-ring touch:h-11",
                    on && "bg-accent",
                  )}
                >
                  <span aria-hidden>{emoji}</span>
                </button>
              );
            })}
          </div>
          {actions.map((action) => {
            const { label, Icon, danger } = ITEMS[action];
            return (
              <button
                key={action}
                type="button"
                role="menuitem"
                tabIndex={-1}
                onClick={() => choose(() => onAction(action))}
                className={cn(itemClass, danger && "text-destructive")}
              >
                <Icon aria-hidden className="size-4" /> {label}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
