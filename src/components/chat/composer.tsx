"use client";

import { SendHorizontal } from "lucide-react";
import { useId, useState, type FormEvent, type KeyboardEvent } from "react";

import { Button } from "@/components/ui/button";
import { MAX_MESSAGE_CHARACTERS } from "@/lib/limits";
import { cn } from "@/lib/utils";

const COUNTER_FROM = MAX_MESSAGE_CHARACTERS - 200;

/** The message box: Enter sends, Shift+Enter adds a line; a counter shows near the limit. */
export function Composer({
  onSend,
  onTyping,
  onStopTyping,
  disabled,
}: {
  onSend: (text: string) => void;
  onTyping: () => void;
  onStopTyping: () => void;
  disabled?: boolean;
}) {
  const id = useId();
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
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form onSubmit={submit} className="flex items-end gap-2 border-t border-slate-200 p-3">
      <div className="flex flex-1 flex-col gap-1">
        <label htmlFor={`${id}-message`} className="sr-only">
          Message
        </label>
        <textarea
          id={`${id}-message`}
          value={text}
          rows={Math.min(6, Math.max(1, text.split("\n").length))}
          placeholder="Write a message… (Enter to send, Shift+Enter for a new line)"
          onChange={(event) => {
            setText(event.target.value);
            if (event.target.value.trim()) onTyping();
            else onStopTyping();
          }}
          onKeyDown={onKeyDown}
          aria-invalid={over || undefined}
          aria-describedby={length >= COUNTER_FROM ? `${id}-counter` : undefined}
          className="min-h-9 w-full resize-none rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-indigo-600 aria-invalid:border-rose-500"
        />
        {length >= COUNTER_FROM && (
          <p id={`${id}-counter`} className={cn("text-right text-xs", over ? "text-rose-600" : "text-slate-500")}>
            {length} / {MAX_MESSAGE_CHARACTERS}
          </p>
        )}
      </div>
      <Button type="submit" disabled={empty || over || disabled}>
        <SendHorizontal aria-hidden className="size-4" />
        Send
      </Button>
    </form>
  );
}
