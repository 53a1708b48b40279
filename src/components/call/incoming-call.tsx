"use client";

import { Phone, PhoneOff, Video } from "lucide-react";
import { useEffect, useRef } from "react";

import { Button } from "@/components/ui/button";
import type { Call } from "@/lib/call-schemas";

/** Who calls, and who else is invited: "Cora is calling you with Ben and Dee." */
export function incomingLine(call: Call, me: string): string {
  const caller = call.participants.find((p) => p.id === call.createdBy)?.name ?? "A coach";
  const others = call.participants.filter((p) => p.id !== me && p.id !== call.createdBy).map((p) => p.name);
  const withOthers = others.length ? ` with ${others.length === 1 ? others[0] : `${others.slice(0, -1).join(", ")} and ${others.at(-1)}`}` : "";
  return `${caller} is calling you${withOthers}.`;
}

/**
 * The ringing notice: over whichever tab shows, with Accept and Decline.
 * Focus moves to Accept unless you are in the middle of writing something
 * (a call must not steal a half-written message); Escape declines.
 */
export function IncomingCall({ call, me, pending, onAccept, onDecline }: { call: Call; me: string; pending: boolean; onAccept: () => void; onDecline: () => void }) {
  const acceptRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const active = document.activeElement as (HTMLElement & { value?: unknown }) | null;
    const editable = active && (active.isContentEditable || ["INPUT", "TEXTAREA"].includes(active.tagName));
    const typing = editable && (active.isContentEditable ? Boolean(active.textContent) : Boolean(active.value));
    if (!typing) acceptRef.current?.focus();
  }, []);
  const kind = call.video ? "video" : "voice";
  return (
    <section
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="incoming-call-title"
      aria-describedby="incoming-call-line"
      data-slot="incoming-call"
      onKeyDown={(event) => {
        if (event.key === "Escape") onDecline();
      }}
      className="fixed inset-x-2 top-[calc(4rem+env(safe-area-inset-top))] z-50 mx-auto max-w-sm rounded-xl border border-border bg-card p-4 text-foreground shadow-lg"
    >
      <h2 id="incoming-call-title" className="flex items-center gap-2 text-base font-semibold">
        {call.video ? <Video aria-hidden className="size-5 text-primary" /> : <Phone aria-hidden className="size-5 text-primary" />}
        Incoming {kind} call
      </h2>
      <p id="incoming-call-line" className="mt-1 text-sm text-muted-foreground">
        {incomingLine(call, me)}
      </p>
      <div className="mt-3 flex gap-2">
        <Button ref={acceptRef} onClick={onAccept} disabled={pending} className="flex-1">
          <Phone aria-hidden className="size-4" />
          Accept
        </Button>
        <Button variant="outline" onClick={onDecline} disabled={pending} className="flex-1">
          <PhoneOff aria-hidden className="size-4" />
          Decline
        </Button>
      </div>
    </section>
  );
}
