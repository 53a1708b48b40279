"use client";

import { SendHorizontal } from "lucide-react";
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";

import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/input";
import { MAX_MESSAGE_CHARACTERS } from "@/lib/limits";
import { cn } from "@/lib/utils";

const COUNTER_FROM = MAX_MESSAGE_CHARACTERS - 200;

/**
 * The message box: Enter sends, Shift+Enter adds a line; a counter shows near
 * the limit. Focus stays in the box when sending (by Enter or the button), so
 * a phone's keyboard stays open for the next message.
 */
export function Composer({
  onSend,
  onTyping,
  onStopTyping,
  disabled,
  autoFocus,
}: {
  onSend: (text: string) => void;
  onTyping: () => void;
  onStopTyping: () => void;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState("");
  const length = [...text].length;
  const over = length > MAX_MESSAGE_CHARACTERS;
  const empty = text.trim().length === 0;

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (empty || over || disabled) return;
    onSend(text);
    setText("");
    onStopTyping();
    box.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form onSubmit={submit} className="flex items-end gap-2 border-t border-border p-2 sm:p-3">
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <label htmlFor={`${id}-message`} className="sr-only">
          Message
        </label>
        <p id={`${id}-hint`} className="sr-only">
          Enter sends, Shift+Enter adds a line.
        </p>
        <Textarea
          ref={box}
          id={`${id}-message`}
          value={text}
          // React focuses it on mount (after joining); never on a plain load, where a phone's keyboard would jump up.
          autoFocus={autoFocus}
          enterKeyHint="send"
          rows={Math.min(6, Math.max(1, text.split("\n").length))}
          placeholder="Write a message…"
          onChange={(event) => {
            setText(event.target.value);
            if (event.target.value.trim()) onTyping();
            else onStopTyping();
          }}
          onKeyDown={onKeyDown}
          aria-invalid={over || undefined}
          aria-describedby={length >= COUNTER_FROM ? `${id}-hint ${id}-counter` : `${id}-hint`}
          className="max-h-40 min-h-11 resize-none sm:min-h-9"
        />
        {length >= COUNTER_FROM && (
          <p id={`${id}-counter`} className={cn("text-right text-xs", over ? "text-destructive" : "text-muted-foreground")}>
            {length} / {MAX_MESSAGE_CHARACTERS}
          </p>
        )}
      </div>
      <Button
        type="submit"
        disabled={empty || over || disabled}
        // A tap on Send must not take focus from the box (that would close the keyboard).
        onPointerDown={(event) => event.preventDefault()}
      >
        <SendHorizontal aria-hidden className="size-4" />
        <span className="max-sm:sr-only">Send</span>
      </Button>
    </form>
  );
}
