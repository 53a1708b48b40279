"use client";

import { useEffect, useId, useState } from "react";

import { PushToggle } from "@/components/push/push-toggle";
import { Button } from "@/components/ui/button";
import { ApiError, apiFetch } from "@/lib/api-client";
import { noticePreferencesSchema } from "@/lib/client-notifications";
import type { NoticePreferences } from "@/lib/notifications";

const KINDS: { key: keyof NoticePreferences; label: string; hint: string }[] = [
  { key: "mentions", label: "Mentions", hint: "Someone writes @you in the chat" },
  { key: "awards", label: "Awards", hint: "A coach gives you points" },
  { key: "announcements", label: "Announcements", hint: "News for the whole team" },
];

const parsePreferences = (body: unknown) => noticePreferencesSchema.parse((body as { preferences?: unknown }).preferences);

/** Which kinds of notification this person wants (kept on the server), and whether the browser may show them. */
export function NotificationPreferences() {
  const id = useId();
  const [preferences, setPreferences] = useState<NoticePreferences | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<keyof NoticePreferences | null>(null);

  useEffect(() => {
    let live = true;
    apiFetch("/api/notifications/preferences")
      .then((body) => live && setPreferences(parsePreferences(body)))
      .catch(() => live && setError("Could not load your choices. Close and open the settings to try again."));
    return () => {
      live = false;
    };
  }, []);

  async function change(key: keyof NoticePreferences, on: boolean) {
    if (!preferences) return;
    const before = preferences;
    setPreferences({ ...preferences, [key]: on });
    setSaving(key);
    setError(null);
    try {
      setPreferences(parsePreferences(await apiFetch("/api/notifications/preferences", { method: "PUT", json: { [key]: on } })));
    } catch (caught) {
      setPreferences(before);
      setError(caught instanceof ApiError ? `Not saved: ${caught.message}` : "Not saved. Try again.");
    } finally {
      setSaving(null);
    }
  }

  return (
    <div className="flex flex-col gap-3 px-4 py-3 text-sm">
      <fieldset aria-busy={preferences === null} className="flex flex-col gap-2">
        <legend className="mb-1 font-medium">Notify me about</legend>
        {KINDS.map(({ key, label, hint }) => (
          <div key={key} className="flex items-start gap-2">
            <input
              id={`${id}-${key}`}
              type="checkbox"
              className="mt-0.5 size-4 accent-primary touch:size-5"
              checked={preferences?.[key] ?? true}
              disabled={preferences === null || saving === key}
              aria-describedby={`${id}-${key}-hint`}
              onChange={(event) => void change(key, event.target.checked)}
            />
            <label htmlFor={`${id}-${key}`} className="flex flex-col">
              <span>{label}</span>
              <span id={`${id}-${key}-hint`} className="text-xs text-muted-foreground">
                {hint}
              </span>
            </label>
          </div>
        ))}
      </fieldset>
      {error && (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      )}
      <BrowserPermission />
      <PushToggle />
    </div>
  );
}

type Permission = NotificationPermission | "unsupported";

function currentPermission(): Permission {
  return typeof window !== "undefined" && "Notification" in window ? Notification.permission : "unsupported";
}

/** The browser's permission to show notifications while CoachPro is in the background: not asked, on, or blocked. */
function BrowserPermission() {
  const [permission, setPermission] = useState<Permission>(currentPermission);
  const [asking, setAsking] = useState(false);

  async function ask() {
    setAsking(true);
    try {
      setPermission(await Notification.requestPermission());
    } finally {
      setAsking(false);
    }
  }

  return (
    <section aria-label="Browser notifications" className="flex flex-col gap-1 border-t border-border pt-3">
      <h3 className="font-medium">Browser notifications</h3>
      <p role="status" className="text-xs text-muted-foreground">
        {permission === "granted" && "On: when CoachPro is in the background, your browser shows new notifications."}
        {permission === "default" && "Not asked yet: allow them to hear about mentions while CoachPro is in the background."}
        {permission === "denied" && "Blocked in this browser. To turn them on, allow notifications for this site in your browser's settings."}
        {permission === "unsupported" && "This browser cannot show notifications."}
      </p>
      {permission === "default" && (
        <Button variant="outline" size="sm" className="self-start" disabled={asking} onClick={() => void ask()}>
          Allow browser notifications
        </Button>
      )}
    </section>
  );
}
