"use client";

import { Loader2 } from "lucide-react";

import { usePresence } from "@/hooks/use-presence";
import { classPresenceChannel } from "@/lib/channels";
import { useRealtime } from "@/providers/realtime-provider";
import { useSession } from "@/providers/session-provider";

/**
 * Who has this class's page open, live from `presence-class-{id}` — which
 * this page joins, so you are among them. Names come from the server
 * (each person's session), one per person however many tabs.
 */
export function ClassLive({ classId }: { classId: string }) {
  const user = useSession();
  const { status } = useRealtime();
  const members = usePresence(classPresenceChannel(classId));
  const joined = members.length > 0;

  return (
    <section aria-labelledby="class-live-heading" className="rounded-xl border border-border bg-card px-4 py-3">
      <h2 id="class-live-heading" className="text-sm font-semibold">
        Here now{joined && <span className="font-normal text-muted-foreground"> · {members.length}</span>}
      </h2>
      {!joined ? (
        <p className="flex items-center gap-2 pt-1 text-sm text-muted-foreground">
          {status === "offline" ? (
            "You are offline: who is here shows again when you reconnect."
          ) : (
            <>
              <Loader2 aria-hidden className="size-4 animate-spin" /> Joining the class…
            </>
          )}
        </p>
      ) : (
        <>
          <ul aria-label="Here now" className="flex flex-wrap gap-2 pt-2">
            {members.map((member) => (
              <li key={member.id} className="flex max-w-full items-center gap-1.5 rounded-full bg-muted px-2.5 py-1 text-sm">
                <span aria-hidden className="size-2 shrink-0 rounded-full bg-success" />
                <span className="min-w-0 break-words">
                  {member.name}
                  {member.id === user?.id && <span className="text-muted-foreground"> (you)</span>}
                </span>
                {member.role === "coach" && <span className="rounded bg-card px-1.5 text-xs text-muted-foreground">Coach</span>}
              </li>
            ))}
          </ul>
          {status !== "connected" && <p className="pt-2 text-xs text-muted-foreground">Reconnecting — this list may be out of date.</p>}
        </>
      )}
    </section>
  );
}
