"use client";

import { BellRing } from "lucide-react";

import { Button } from "@/components/ui/button";
import { usePush, type PushState } from "@/hooks/use-push";

function describe(state: PushState): string {
  switch (state.kind) {
    case "loading":
      return "Checking this device…";
    case "unsupported":
      return "This browser cannot receive push notifications.";
    case "server-off":
      return "Push notifications are not set up on this server.";
    case "blocked":
      return "Notifications are blocked for this site. Allow them in your browser's site settings to turn push on.";
    case "off":
      return "Off: with no CoachPro tab open, you will not hear about mentions, awards and announcements on this device.";
    case "on":
      return "On: when no CoachPro tab is open, mentions, awards and announcements reach this device.";
    case "working":
      return state.enabling ? "Turning on…" : "Turning off…";
    case "error":
      return state.message;
  }
}

/**
 * The "Push notifications on this device" setting: its state in words and
 * one button to turn it on or off.
 */
export function PushToggle() {
  const { state, enable, disable } = usePush();
  const on = state.kind === "on" || (state.kind === "error" && state.subscribed);
  const canAct = state.kind === "on" || state.kind === "off" || state.kind === "error";
  return (
    <section data-slot="push-toggle" aria-labelledby="push-toggle-label" className="flex flex-col gap-1 border-t border-border pt-3">
      <h3 className="flex items-center gap-2 font-medium">
        <BellRing aria-hidden className="size-4" />
        <span id="push-toggle-label">Push notifications on this device</span>
      </h3>
      <p id="push-toggle-state" role="status" className="text-xs text-muted-foreground">
        {describe(state)}
      </p>
      {canAct && (
        <Button
          type="button"
          variant="outline"
          size="sm"
          aria-describedby="push-toggle-label push-toggle-state"
          onClick={() => void (on ? disable() : enable())}
          className="self-start"
        >
          {on ? "Turn off push" : "Turn on push"}
        </Button>
      )}
    </section>
  );
}
