"use client";

import { CircleCheck, X } from "lucide-react";
import { useSyncExternalStore } from "react";

import { cn } from "@/lib/utils";

import { dismissToast, getServerToasts, getToasts, subscribeToasts } from "./toast-store";

/**
 * Where toasts show: inside the viewport on every screen — at the top on
 * phones (clear of the bottom navigation and the keyboard), bottom right
 * above that. A polite live region: each toast is read once, not the list.
 */
export function Toaster() {
  const toasts = useSyncExternalStore(subscribeToasts, getToasts, getServerToasts);
  return (
    <section
      data-slot="toaster"
      aria-label="Notifications"
      aria-live="polite"
      aria-relevant="additions text"
      className="pointer-events-none fixed inset-x-2 top-[calc(env(safe-area-inset-top)+0.5rem)] z-50 flex flex-col gap-2 sm:inset-x-auto sm:top-auto sm:right-4 sm:bottom-4 sm:w-96"
    >
      {toasts.map((toast) => (
        <div
          key={toast.id}
          data-slot="toast"
          className="pointer-events-auto flex items-start gap-3 rounded-lg border border-border bg-card p-3 text-foreground shadow-lg"
        >
          {toast.tone === "success" && <CircleCheck aria-hidden className="mt-0.5 size-4 shrink-0 text-success" />}
          <div className="min-w-0 flex-1 break-words">
            <p className="text-sm font-medium">{toast.title}</p>
            {toast.description && <p className="text-sm text-muted-foreground">{toast.description}</p>}
          </div>
          <button
            type="button"
            onClick={() => dismissToast(toast.id)}
            aria-label="Close notification"
            className={cn(
              "-m-1 inline-flex size-7 shrink-0 items-center justify-center rounded text-muted-foreground hover:bg-muted",
              "focus-visible:outline-2 focus-visible:outline-ring touch:size-11 touch:-m-2",
            )}
          >
            <X aria-hidden className="size-4" />
          </button>
        </div>
      ))}
    </section>
  );
}
