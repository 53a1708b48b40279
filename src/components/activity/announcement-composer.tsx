"use client";

import { Megaphone } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";

import { Button } from "@/components/ui/button";
import { ApiError, apiFetch } from "@/lib/api-client";
import { announcementRequestSchema } from "@/lib/client-schemas";

/** A coach broadcasts a message that shows to everyone as a banner. */
export function AnnouncementComposer() {
  const id = useId();
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = announcementRequestSchema.safeParse({ message });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid announcement.");
    setError(null);
    setPending(true);
    try {
      await apiFetch("/api/announcements", { json: parsed.data });
      setMessage("");
      toast.success("Announcement sent to everyone.");
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not send the announcement.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Broadcast an announcement" className="flex flex-col gap-2 border-b border-border bg-muted px-4 py-3">
      <label htmlFor={`${id}-announcement`} className="text-sm font-medium">
        Announcement
      </label>
      <div className="flex gap-2">
        <input
          id={`${id}-announcement`}
          value={message}
          maxLength={500}
          onChange={(e) => setMessage(e.target.value)}
          placeholder="e.g. Practice moves to 6 pm today"
          className="h-9 min-w-0 flex-1 rounded-md border border-input bg-card px-3 text-base text-foreground placeholder:text-muted-foreground focus-visible:outline-2 focus-visible:outline-ring touch:min-h-11 sm:text-sm"
        />
        <Button type="submit" disabled={pending}>
          <Megaphone aria-hidden className="size-4" />
          {pending ? "Sending…" : "Broadcast"}
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
    </form>
  );
}
