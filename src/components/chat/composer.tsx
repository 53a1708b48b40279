"use client";

import { SendHorizontal } from "lucide-react";
import { useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";

import { AttachButton } from "@/components/attachments/attach-button";
import { DraftAttachments } from "@/components/attachments/draft-attachments";
import { useFileDrop } from "@/components/attachments/use-file-drop";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/input";
import { useAttachments } from "@/hooks/use-attachments";
import type { OnlineMember } from "@/hooks/use-pusher";
import type { Attachment } from "@/lib/attachments";
import { MAX_MESSAGE_CHARACTERS } from "@/lib/limits";
import { cn } from "@/lib/utils";

import { MentionList, optionId } from "./mention-list";
import { insertMention, mentionQueryAt } from "./mention-query";
import { useMemberSearch, type MemberSuggestion } from "./use-member-search";

const COUNTER_FROM = MAX_MESSAGE_CHARACTERS - 200;

/**
 * The message box: Enter sends, Shift+Enter adds a line; a counter shows near
 * the limit. Focus stays in the box when sending (by Enter or the button), so
 * a phone's keyboard stays open for the next message. Typing `@` opens the
 * team members (online first) to mention: arrows choose, Enter or Tab
 * inserts, Escape closes. `above` sits over the box (the quote of a reply).
 * Files come by the paperclip, drag and drop or paste: each uploads at once
 * (chips with progress, cancel, retry, remove) and Send waits for them.
 */
export function Composer({
  onSend,
  onTyping,
  onStopTyping,
  disabled,
  autoFocus,
  members = [],
  selfId,
  above,
  onEscape,
  boxRef,
}: {
  /** `files`: the draft's uploads and the clientMessageId they were stored under (the message must use it). */
  onSend: (text: string, files?: { clientMessageId: string; attachments: Attachment[] }) => void;
  onTyping: () => void;
  onStopTyping: () => void;
  disabled?: boolean;
  autoFocus?: boolean;
  /** Who is online, for the `@` suggestions. */
  members?: readonly OnlineMember[];
  selfId?: string;
  above?: ReactNode;
  /** Escape in the box with no suggestions open (cancels a reply). */
  onEscape?: () => void;
  boxRef?: React.RefObject<HTMLTextAreaElement | null>;
}) {
  const id = useId();
  const ownBox = useRef<HTMLTextAreaElement>(null);
  const box = boxRef ?? ownBox;
  const [text, setText] = useState("");
  const [caret, setCaret] = useState(0);
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingCaret.current === null || !box.current) return;
    box.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });
  const [active, setActive] = useState(0);
  // The `@` whose suggestions were closed with Escape: they stay closed until another `@`.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const length = [...text].length;
  const over = length > MAX_MESSAGE_CHARACTERS;
  const files = useAttachments();
  const { dragging, dropProps, onPaste } = useFileDrop((dropped) => void files.add(dropped), !disabled);
  const empty = text.trim().length === 0 && files.files.length === 0;
  const blocked = empty || over || disabled || !files.ready;

  const mention = mentionQueryAt(text, caret);
  const open = mention !== null && mention.start !== dismissedAt && !disabled;
  const suggestions = useMemberSearch(open ? mention.query : null, members, selfId);
  const showList = open && suggestions.length > 0;
  const current = Math.min(active, suggestions.length - 1);
  const listId = `${id}-members`;

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (blocked) return;
    if (files.attachments.length > 0) onSend(text, { clientMessageId: files.clientMessageId, attachments: files.attachments });
    else onSend(text);
    files.reset();
    setText("");
    setCaret(0);
    onStopTyping();
    box.current?.focus();
  }

  function pick(suggestion: MemberSuggestion) {
    if (!mention) return;
    const next = insertMention(text, mention.start, caret, suggestion.name);
    setText(next.text);
    setCaret(next.caret);
    setActive(0);
    // Placed right after React puts the new text in (the layout effect below), before the next keystroke.
    pendingCaret.current = next.caret;
    box.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    if (showList) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((current + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        pick(suggestions[current]!);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        setDismissedAt(mention!.start);
        return;
      }
    }
    if (event.key === "Escape" && onEscape) {
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  }

  const describedBy = [`${id}-hint`, length >= COUNTER_FROM ? `${id}-counter` : null].filter(Boolean).join(" ");
  return (
    <form onSubmit={submit} className={cn("relative border-t border-border", dragging && "bg-accent/60 outline-2 -outline-offset-2 outline-primary outline-dashed")} {...dropProps}>
      {above}
      {dragging && (
        <p aria-hidden className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center text-sm font-medium text-foreground">
          Drop files to attach
        </p>
      )}
      <div className="px-2 pt-2 empty:hidden sm:px-3">
        <DraftAttachments files={files.files} notice={files.notice} onCancel={files.cancel} onRetry={files.retry} onRemove={files.remove} />
      </div>
      <div className="flex items-end gap-2 p-2 sm:p-3">
        <AttachButton onFiles={(chosen) => void files.add(chosen)} disabled={disabled} />
        {showList && <MentionList id={listId} suggestions={suggestions} active={current} onPick={pick} onHover={setActive} />}
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <label htmlFor={`${id}-message`} className="sr-only">
            Message
          </label>
          <p id={`${id}-hint`} className="sr-only">
            Enter sends, Shift+Enter adds a line. Type @ to mention someone. Paste or drop files to attach them.
          </p>
          <p aria-live="polite" className="sr-only">
            {showList ? `${suggestions.length} ${suggestions.length === 1 ? "person" : "people"} to mention: up and down to choose, Enter to insert.` : ""}
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
            aria-autocomplete="list"
            aria-controls={showList ? listId : undefined}
            aria-activedescendant={showList ? optionId(listId, current) : undefined}
            onChange={(event) => {
              setText(event.target.value);
              setCaret(event.target.selectionStart ?? event.target.value.length);
              setActive(0);
              if (event.target.value.trim()) onTyping();
              else onStopTyping();
            }}
            onSelect={(event) => setCaret(event.currentTarget.selectionStart ?? 0)}
            onBlur={() => setDismissedAt(mention?.start ?? null)}
            onFocus={() => setDismissedAt(null)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            aria-invalid={over || undefined}
            aria-describedby={describedBy}
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
          disabled={blocked}
          title={files.uploading ? "Waiting for the files to upload" : undefined}
          // A tap on Send must not take focus from the box (that would close the keyboard).
          onPointerDown={(event) => event.preventDefault()}
        >
          <SendHorizontal aria-hidden className="size-4" />
          <span className="max-sm:sr-only">Send</span>
        </Button>
      </div>
    </form>
  );
}
