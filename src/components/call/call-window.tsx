"use client";

import { Activity, Mic, MicOff, PhoneOff, Video, VideoOff, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import type { UseCall } from "@/hooks/use-call";
import { endMessage, otherParticipants } from "@/lib/call-machine";
import { cn } from "@/lib/utils";

import { CallDetails } from "./call-details";
import { CallTile } from "./call-tile";

/** The call window's one-line status. */
export function statusLine(call: UseCall): string {
  const { phase, direction, endReason, error } = call.state;
  if (phase === "ringing") return direction === "outgoing" ? "Ringing…" : "Incoming call";
  if (phase === "connecting") return "Connecting…";
  if (phase === "in-call") return "In call";
  if (phase === "ended") return endMessage(endReason, error);
  return "";
}

/**
 * The call in progress: a tile per person, your own last, and the
 * controls. Fills a phone's screen; a corner panel on wider screens.
 */
export function CallWindow({ call, me, myName }: { call: UseCall; me: string; myName: string }) {
  const { state } = call;
  const [details, setDetails] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  const ended = state.phase === "ended";
  useEffect(() => {
    if (ended) closeRef.current?.focus();
  }, [ended]);
  if (!state.call) return null;
  const others = otherParticipants(state.call, me);
  const names = Object.fromEntries(state.call.participants.map((p) => [p.id, p.name]));
  const title = `Call with ${others.map((p) => p.name).join(", ") || "your team"}`;
  const video = state.call.video;
  const group = others.length > 1;
  const self = <CallTile name={myName} stream={call.local} self showVideo={video && !state.cameraOff && Boolean(call.local?.getVideoTracks().length)} audioOff={state.muted} />;

  return (
    <section
      aria-labelledby="call-window-title"
      data-slot="call-window"
      data-phase={state.phase}
      className="fixed inset-0 z-50 flex flex-col overflow-y-auto bg-card pt-[env(safe-area-inset-top)] pb-[env(safe-area-inset-bottom)] text-foreground sm:inset-auto sm:right-4 sm:bottom-4 sm:max-h-[calc(100dvh-6rem)] sm:w-[28rem] sm:rounded-xl sm:border sm:border-border sm:shadow-xl"
    >
      <header className="flex items-start justify-between gap-2 px-3 pt-3">
        <div className="min-w-0">
          <h2 id="call-window-title" className="truncate text-base font-semibold">
            {title}
          </h2>
          <p role="status" className="text-sm text-muted-foreground" data-slot="call-status">
            {statusLine(call)}
          </p>
        </div>
        {ended && (
          <Button ref={closeRef} variant="ghost" size="icon" aria-label="Close" onClick={call.dismiss}>
            <X aria-hidden className="size-4" />
          </Button>
        )}
      </header>
      {call.notice && <p className="mx-3 mt-2 rounded-md border border-warning-border bg-warning px-2 py-1 text-xs text-warning-foreground">{call.notice}</p>}
      <div className="relative flex-1 p-3">
        <div className={cn("grid content-start gap-2", group ? "grid-cols-2" : "grid-cols-1")}>
          {others.map((person) => {
            const media = state.remoteMedia[person.id];
            const peer = state.peers[person.id];
            const status =
              person.state === "invited" ? "Ringing…" : person.state === "left" ? "Left" : person.state === "declined" ? "Declined" : peer === "connected" ? undefined : peer === "reconnecting" ? "Reconnecting…" : "Connecting…";
            return (
              <CallTile
                key={person.id}
                name={person.name}
                stream={call.remote[person.id] ?? null}
                showVideo={video && peer === "connected" && media?.video !== false}
                audioOff={media?.audio === false}
                status={status}
              />
            );
          })}
          {!ended && group && self}
        </div>
        {/* You: a small picture in the corner of a one-to-one call, a tile of your own in a group. */}
        {!ended && !group && (
          <div className="absolute top-5 right-5 w-24 rounded-lg shadow-md ring-2 ring-card sm:w-32">{self}</div>
        )}
      </div>
      {!ended && (
        <div className="flex flex-wrap items-center justify-center gap-2 border-t border-border px-3 py-2" role="group" aria-label="Call controls">
          <Button variant="outline" onClick={call.toggleMute}>
            {state.muted ? <MicOff aria-hidden className="size-4" /> : <Mic aria-hidden className="size-4" />}
            {state.muted ? "Unmute" : "Mute"}
          </Button>
          {video && (
            <Button variant="outline" onClick={call.toggleCamera}>
              {state.cameraOff ? <VideoOff aria-hidden className="size-4" /> : <Video aria-hidden className="size-4" />}
              {state.cameraOff ? "Camera on" : "Camera off"}
            </Button>
          )}
          <Button variant="destructive" onClick={call.hangUp}>
            <PhoneOff aria-hidden className="size-4" />
            Hang up
          </Button>
          <Button variant="ghost" size="sm" aria-expanded={details} onClick={() => setDetails((open) => !open)}>
            <Activity aria-hidden className="size-4" />
            Details
          </Button>
        </div>
      )}
      {details && !ended && <CallDetails traffic={call.traffic} names={names} />}
    </section>
  );
}
