"use client";

import { Phone, Video } from "lucide-react";
import { useId, useRef, useState, useSyncExternalStore } from "react";

import { Button } from "@/components/ui/button";
import type { OnlineMember } from "@/hooks/use-presence";
import { MAX_CALL_PEOPLE } from "@/lib/calls";
import { isCallBusy, requestCall, subscribeCallBusy } from "@/lib/call-requests";
import { useSession } from "@/providers/session-provider";

const notBusy = () => false;

/**
 * A coach's "Call" button beside who is online: opens a picker of the
 * people online now (up to 3), then a video or a voice call. Athletes do
 * not see it. The call itself runs in the lazy call layer.
 */
export function StartCallButton({ online }: { online: OnlineMember[] }) {
  const user = useSession();
  const busy = useSyncExternalStore(subscribeCallBusy, isCallBusy, notBusy);
  const dialog = useRef<HTMLDialogElement>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const titleId = useId();
  if (user?.role !== "coach") return null;
  const others = online.filter((member) => member.id !== user.id);
  const present = picked.filter((id) => others.some((member) => member.id === id));
  const full = present.length >= MAX_CALL_PEOPLE - 1;

  function call(video: boolean) {
    dialog.current?.close();
    requestCall({ invitees: present, video });
    setPicked([]);
  }

  return (
    <>
      <Button variant="ghost" size="sm" aria-haspopup="dialog" disabled={busy} title={busy ? "You are in a call" : undefined} onClick={() => dialog.current?.showModal()}>
        <Phone aria-hidden className="size-4" />
        <span className="max-sm:sr-only">Call</span>
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(24rem,calc(100vw-1rem))] rounded-xl border border-border bg-card p-4 text-foreground shadow-xl backdrop:bg-black/50"
      >
        <h2 id={titleId} className="text-base font-semibold">
          Start a call
        </h2>
        <p className="mt-1 text-sm text-muted-foreground">Pick up to {MAX_CALL_PEOPLE - 1} people who are online now.</p>
        {others.length === 0 ? (
          <p className="mt-3 text-sm">Nobody else is online right now.</p>
        ) : (
          <fieldset className="mt-3 flex max-h-64 flex-col gap-1 overflow-y-auto">
            <legend className="sr-only">People online</legend>
            {others.map((member) => {
              const checked = present.includes(member.id);
              return (
                <label key={member.id} className="flex min-h-11 items-center gap-2 rounded-md px-2 hover:bg-muted sm:min-h-9">
                  <input
                    type="checkbox"
                    className="size-4 accent-primary"
                    checked={checked}
                    disabled={!checked && full}
                    onChange={() => setPicked(checked ? present.filter((id) => id !== member.id) : [...present, member.id])}
                  />
                  <span className="truncate">{member.name}</span>
                  <span className="ml-auto text-xs text-muted-foreground">{member.role}</span>
                </label>
              );
            })}
          </fieldset>
        )}
        <div className="mt-4 flex flex-wrap justify-end gap-2">
          <Button variant="outline" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
          <Button variant="outline" disabled={present.length === 0} onClick={() => call(false)}>
            <Phone aria-hidden className="size-4" />
            Voice call
          </Button>
          <Button disabled={present.length === 0} onClick={() => call(true)}>
            <Video aria-hidden className="size-4" />
            Video call
          </Button>
        </div>
      </dialog>
    </>
  );
}
