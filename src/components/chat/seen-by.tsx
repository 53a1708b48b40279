"use client";

import { Eye, Loader2 } from "lucide-react";
import { useCallback, useId, useRef, useState } from "react";

import { useDismiss } from "@/hooks/use-dismiss";

/**
 * "Seen by N" under a message (coaches): a toggle that loads and lists the
 * names on demand. Escape or a press outside closes the list.
 */
export function SeenBy({ count, load }: { count: number; load: () => Promise<string[]> }) {
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [names, setNames] = useState<string[] | null>(null);
  const [error, setError] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, root);
  if (count <= 0) return null;

  function toggle() {
    if (open) return setOpen(false);
    setOpen(true);
    setError(false);
    load()
      .then(setNames)
      .catch(() => setError(true));
  }

  return (
    <div ref={root} className="relative" data-slot="seen-by">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={toggle}
        className="inline-flex items-center gap-1 rounded-md px-1 text-xs text-muted-foreground hover:text-foreground hover:underline focus-visible:outline-2 focus-visible:outline-ring touch:min-h-11"
      >
        <Eye aria-hidden className="size-3" />
        Seen by {count}
      </button>
      {open && (
        <div id={id} role="region" aria-label="Seen by" className="absolute bottom-full z-20 mb-1 w-56 max-w-[70vw] rounded-lg border border-border bg-card p-2 text-xs shadow-lg">
          {error ? (
            <p role="alert" className="text-destructive">
              Could not load who has seen it.
            </p>
          ) : names === null ? (
            <p className="flex items-center gap-1 text-muted-foreground">
              <Loader2 aria-hidden className="size-3 motion-safe:animate-spin" /> Loading…
            </p>
          ) : names.length === 0 ? (
            <p className="text-muted-foreground">Nobody yet.</p>
          ) : (
            <ul className="max-h-48 overflow-y-auto">
              {names.map((name, index) => (
                <li key={`${name}-${index}`} className="truncate py-0.5">
                  {name}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
