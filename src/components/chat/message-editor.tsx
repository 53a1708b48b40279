"use client";

import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";

import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/input";
import { messageTextSchema } from "@/lib/client-schemas";

/**
 * Edits a message in place: Enter saves, Shift+Enter adds a line, Escape
 * cancels. A refusal (the 15 minutes passed, a bad text) shows under the box
 * and keeps what was typed.
 */
export function MessageEditor({ initial, onSave, onCancel }: { initial: string; onSave: (text: string) => Promise<void>; onCancel: () => void }) {
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
  }, []);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    const parsed = messageTextSchema.safeParse(text);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "That message cannot be saved.");
    if (parsed.data === initial.trim()) return onCancel();
    setSaving(true);
    try {
      await onSave(parsed.data);
    } catch (caught) {
      setError(caught instanceof Error && caught.message ? caught.message : "Could not save the change.");
      setSaving(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      void save();
    }
  }

  return (
    <form onSubmit={save} className="flex w-72 max-w-full flex-col gap-1" data-slot="message-editor">
      <label htmlFor={`${id}-edit`} className="sr-only">
        Edit message
      </label>
      <Textarea
        ref={box}
        id={`${id}-edit`}
        value={text}
        rows={Math.min(6, Math.max(2, text.split("\n").length))}
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
        onKeyDown={onKeyDown}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        className="resize-none"
      />
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        Enter saves · Escape cancels
      </p>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-xs text-destructive">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" size="xs" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="xs" disabled={saving}>
          {saving ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}

/** Asks before removing a message for everyone; focus starts on Cancel, Escape cancels. */
export function DeleteConfirm({ onConfirm, onCancel }: { onConfirm: () => Promise<void>; onCancel: () => void }) {
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      role="group"
      aria-labelledby={id}
      data-slot="delete-confirm"
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.stopPropagation();
        onCancel();
      }}
      className="flex flex-wrap items-center gap-2 rounded-lg border border-destructive/60 bg-card px-2 py-1.5 text-xs"
    >
      <p id={id} className="font-medium">
        Delete this message for everyone?
      </p>
      <Button ref={cancel} variant="ghost" size="xs" onClick={onCancel}>
        Cancel
      </Button>
      <Button
        size="xs"
        className="bg-destructive text-destructive-foreground"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
          }
        }}
      >
        Delete
      </Button>
    </div>
  );
}
