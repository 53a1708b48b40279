"use client";

import { Gauge, LogOut, Menu, X } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useId, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { useDismiss } from "@/hooks/use-dismiss";
import { apiFetch } from "@/lib/api-client";
import type { SessionUser } from "@/lib/schemas";
import { COACH_PAGE } from "@/lib/tabs";
import { cn } from "@/lib/utils";

import { ThemeToggle } from "./theme-toggle";

/**
 * The header's right end. From `sm` up: the coaches' Monitor link (coaches
 * only), the theme choice, who is signed in and Sign out, in a row. On
 * phones all of it folds into a Menu button that opens a sheet under the
 * header.
 */
export function UserMenu({ user }: { user: SessionUser | null }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, root);

  return (
    <div ref={root} className="flex items-center">
      <div className="hidden items-center gap-3 sm:flex">
        {user?.role === "coach" && <MonitorLink />}
        <ThemeToggle />
        {user && <Who user={user} />}
        {user && <SignOut />}
      </div>
      <div className="sm:hidden">
        <Button variant="ghost" size="icon" aria-label="Menu" aria-expanded={open} aria-controls={`${id}-menu`} onClick={() => setOpen((value) => !value)}>
          {open ? <X aria-hidden className="size-5" /> : <Menu aria-hidden className="size-5" />}
        </Button>
        {open && (
          <div
            id={`${id}-menu`}
            role="region"
            aria-label="Menu"
            className="fixed inset-x-0 top-[calc(env(safe-area-inset-top)+3.5rem)] z-40 flex flex-col gap-4 border-b border-border bg-card px-4 py-4 shadow-lg"
          >
            {user && <Who user={user} />}
            {user?.role === "coach" && <MonitorLink className="min-h-11" />}
            <ThemeToggle showLabels className="w-full" />
            {user && <SignOut />}
          </div>
        )}
      </div>
    </div>
  );
}

/**
 * The coaches' page. A plain link on purpose: next/link would add to every
 * first load of `/` for this one link, and the page loads its own code.
 */
function MonitorLink({ className }: { className?: string }) {
  const here = usePathname() === COACH_PAGE;
  return (
    <a
      href={COACH_PAGE}
      aria-current={here ? "page" : undefined}
      className={cn(
        "inline-flex items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-foreground hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring aria-[current=page]:bg-muted touch:min-h-11",
        className,
      )}
    >
      <Gauge aria-hidden className="size-4" />
      Monitor
    </a>
  );
}

function Who({ user }: { user: SessionUser }) {
  return (
    <p className="min-w-0 truncate text-sm">
      <span className="sr-only">Signed in as </span>
      <span className="font-medium">{user.name}</span>{" "}
      <span className="rounded bg-muted px-1.5 py-0.5 text-xs text-muted-foreground capitalize">{user.role}</span>
    </p>
  );
}

function SignOut() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    setPending(true);
    setFailed(false);
    try {
      await apiFetch("/api/session", { method: "DELETE" });
      router.refresh();
    } catch {
      setFailed(true);
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <Button variant="outline" size="sm" onClick={signOut} disabled={pending}>
        <LogOut aria-hidden className="size-4" />
        Sign out
      </Button>
      {failed && (
        <span role="alert" className="text-xs text-destructive">
          Sign-out failed
        </span>
      )}
    </>
  );
}
