"use client";

import { useEffect } from "react";
import { toast } from "sonner";

import { useCall } from "@/hooks/use-call";
import { endMessage } from "@/lib/call-machine";
import { onCallRequest } from "@/lib/call-requests";
import { useSession } from "@/providers/session-provider";

import { CallWindow } from "./call-window";
import { IncomingCall, incomingLine } from "./incoming-call";

/** What the live region says for the call's current moment. */
function announcement(call: ReturnType<typeof useCall>, me: string): string {
  const { phase, direction, endReason, error } = call.state;
  if (!call.state.call) return "";
  if (phase === "ringing" && direction === "incoming") return `Incoming ${call.state.call.video ? "video" : "voice"} call. ${incomingLine(call.state.call, me)}`;
  if (phase === "in-call") return "Call connected.";
  if (phase === "ended") return endMessage(endReason, error);
  return "";
}

/**
 * Calls, over whichever tab shows: the ringing notice, the call window, and
 * the one live region that announces both. Mounted once for a signed-in
 * page, as a lazy chunk (WebRTC code never weighs on the first load).
 */
export function CallLayer() {
  const user = useSession();
  const call = useCall();
  const { start, notice, state } = call;

  useEffect(() => onCallRequest((request) => void start(request)), [start]);
  // A call that could not start has no window to show why.
  useEffect(() => {
    if (notice && state.phase === "idle") toast.error(notice);
  }, [notice, state.phase]);

  if (!user) return null;
  const incoming = state.phase === "ringing" && state.direction === "incoming";
  return (
    <>
      <div aria-live="assertive" aria-atomic className="sr-only" data-slot="call-announcer">
        {announcement(call, user.id)}
      </div>
      {incoming && state.call && <IncomingCall call={state.call} me={user.id} pending={call.pending} onAccept={() => void call.accept()} onDecline={call.decline} />}
      {!incoming && state.phase !== "idle" && <CallWindow call={call} me={user.id} myName={user.name} />}
    </>
  );
}
