"use client";

import { useEffect, useState } from "react";

import { ApiError, apiFetch } from "@/lib/api-client";
import { monitorSnapshotSchema } from "@/lib/client-monitor";

import { appendSample, type Sample } from "./samples";

/** How often the monitor asks for a snapshot while visible. */
export const POLL_MS = 2_000;

export interface MonitorState {
  /** The last five minutes of snapshots, oldest first. */
  samples: Sample[];
  /** Why the last poll failed (the snapshot route itself, not the realtime server); null after a success. */
  error: string | null;
}

/**
 * Polls `GET /api/monitor` every 2 s while mounted and the page is visible
 * (a hidden tab stops polling and catches up the moment it is shown again),
 * keeping the samples of the last five minutes.
 */
export function useMonitor(): MonitorState {
  const [state, setState] = useState<MonitorState>({ samples: [], error: null });

  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => void poll(), ms);
    };

    async function poll() {
      if (stopped || inFlight || document.visibilityState === "hidden") return;
      inFlight = true;
      try {
        const parsed = monitorSnapshotSchema.safeParse(await apiFetch<unknown>("/api/monitor"));
        if (stopped) return;
        setState((previous) =>
          parsed.success
            ? { samples: appendSample(previous.samples, parsed.data), error: null }
            : { ...previous, error: "The monitor answered in an unexpected shape." },
        );
      } catch (error) {
        if (stopped) return;
        const message = error instanceof ApiError ? error.message : "Could not load the monitor.";
        setState((previous) => ({ ...previous, error: message }));
      } finally {
        inFlight = false;
        if (!stopped) schedule(POLL_MS);
      }
    }

    const onVisibility = () => {
      if (document.visibilityState === "visible" && !inFlight) schedule(0);
    };
    document.addEventListener("visibilitychange", onVisibility);
    schedule(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, []);

  return state;
}
