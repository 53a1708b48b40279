"use client";

import { CalendarPlus } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";

import { Button } from "@/components/ui/button";
import { useIdempotencyKey } from "@/hooks/use-idempotency-key";
import { ApiError, apiFetch } from "@/lib/api-client";
import type { ClassInfo } from "@/lib/classes";
import { classInfoSchema, startClassSchema } from "@/lib/client-classes";

const field =
  "h-9 min-w-0 rounded-md border border-input bg-card px-3 text-base text-foreground placeholder:text-muted-foreground focus-visible:outline-2 focus-visible:outline-ring aria-invalid:border-destructive touch:min-h-11 sm:text-sm";

/**
 * A coach starts a class: a title, and a start time if not now. A retry
 * after a lost answer is the same start (one Idempotency-Key per attempt),
 * so it never makes two classes.
 */
export function StartClassForm({ onStarted }: { onStarted: (info: ClassInfo) => void }) {
  const id = useId();
  const [title, setTitle] = useState("");
  const [startsAt, setStartsAt] = useState("");
  const [error, setError] = useState<{ field: "title" | "startsAt" | null; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  const { keyFor, settle } = useIdempotencyKey();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const when = startsAt ? new Date(startsAt) : undefined;
    if (when && Number.isNaN(when.getTime())) return setError({ field: "startsAt", message: "Pick a date and time." });
    const parsed = startClassSchema.safeParse({ title, ...(when ? { startsAt: when.toISOString() } : {}) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return setError({ field: issue?.path[0] === "startsAt" ? "startsAt" : "title", message: issue?.message ?? "Check the class." });
    }
    setError(null);
    setPending(true);
    try {
      const body = await apiFetch<{ class: unknown }>("/api/classes", {
        json: parsed.data,
        headers: { "Idempotency-Key": keyFor(JSON.stringify(parsed.data)) },
      });
      settle();
      const made = classInfoSchema.safeParse(body.class);
      if (made.success) onStarted(made.data);
      setTitle("");
      setStartsAt("");
      toast.success(`${parsed.data.title} started.`);
    } catch (caught) {
      setError({ field: null, message: caught instanceof ApiError ? caught.message : "Could not start the class." });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Start a class" noValidate className="flex flex-col gap-2 border-b border-border bg-muted px-4 py-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <label htmlFor={`${id}-title`} className="text-sm font-medium">
            Class title
          </label>
          <input
            id={`${id}-title`}
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            aria-invalid={error?.field === "title" || undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            placeholder="e.g. Morning sprints"
            className={field}
          />
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <label htmlFor={`${id}-time`} className="text-sm font-medium">
            Starts <span className="font-normal text-muted-foreground">(optional, else now)</span>
          </label>
          <input
            id={`${id}-time`}
            type="datetime-local"
            value={startsAt}
            onChange={(e) => setStartsAt(e.target.value)}
            aria-invalid={error?.field === "startsAt" || undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            className={field}
          />
        </div>
        <Button type="submit" disabled={pending}>
          <CalendarPlus aria-hidden className="size-4" />
          {pending ? "Starting…" : "Start class"}
        </Button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-destructive">
          {error.message}
        </p>
      )}
    </form>
  );
}
