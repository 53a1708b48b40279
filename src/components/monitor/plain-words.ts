/**
 * What the coaches' monitor says, in plain words: the live service and the
 * saved data as a state with what it means for the team, and the figures a
 * coach cares about, read from the snapshots. Pure; no protocol terms reach
 * the page (raw figures stay at /api/metrics).
 */
import { CHANNELS, CLASS_PRESENCE_PREFIX } from "@/lib/channels";
import type { MonitorSnapshot } from "@/lib/monitor";

import { ratePerMinute, type Sample } from "./samples";

export type HealthState = "healthy" | "degraded" | "down";

export interface Verdict {
  state: HealthState;
  headline: string;
  meaning: string;
}

const CATCH_UP = "Pages catch up by checking every few seconds, so people may see news a little late.";

/**
 * The live service (what carries messages and scores to open pages):
 * down when it cannot be reached at all, degraded when part of it does not
 * answer or updates failed to go out in the last minute, healthy otherwise.
 */
export function liveService(samples: readonly Sample[]): Verdict {
  const snapshot = samples.at(-1)!.snapshot;
  const statsExpected = snapshot.mode !== "hosted";
  const statsFailed = statsExpected && snapshot.realtime === null;
  const listFailed = snapshot.occupancyError !== undefined;
  if ((statsFailed || !statsExpected) && listFailed) {
    return {
      state: "down",
      headline: "Live service: down",
      meaning:
        "Pages cannot get instant updates. They keep checking every few seconds, so people see new messages and scores late, and sending may fail until it is back.",
    };
  }
  if (statsFailed || listFailed) {
    return { state: "degraded", headline: "Live service: having trouble", meaning: `Part of the live service is not answering. ${CATCH_UP}` };
  }
  if ((ratePerMinute(samples, (s) => s.app.triggerFailures) ?? 0) > 0) {
    return { state: "degraded", headline: "Live service: having trouble", meaning: `Some live updates did not go out in the last minute. ${CATCH_UP}` };
  }
  return { state: "healthy", headline: "Live service: healthy", meaning: "Messages, scores and announcements reach everyone the moment they are sent." };
}

/** Where the team's data is kept, and whether it can be saved right now. */
export function savedData(snapshot: MonitorSnapshot): Verdict {
  const { kind, up } = snapshot.store;
  if (!up) {
    return {
      state: "down",
      headline: "Saved data: not answering",
      meaning: "New messages, scores and classes cannot be saved until the database is back. People see an error and can try again.",
    };
  }
  return kind === "redis"
    ? { state: "healthy", headline: "Saved data: working", meaning: "Kept in the shared database, safe when the app restarts." }
    : { state: "healthy", headline: "Saved data: working", meaning: "Kept in this server's memory: a restart clears chat history and scores." };
}

/** People with the team page open (one per person, however many tabs); undefined when not known. */
export function peopleOnline(snapshot: MonitorSnapshot): number | undefined {
  if (snapshot.occupancyError) return undefined;
  return snapshot.occupancy.find((row) => row.channel === CHANNELS.presenceChat)?.userCount ?? 0;
}

/** Open pages (every tab or device counts), when the service reports it. */
export function openPages(snapshot: MonitorSnapshot): number | undefined {
  return snapshot.realtime?.connections;
}

/** Classes that have someone on their page right now; undefined when not known. */
export function classesInUse(snapshot: MonitorSnapshot): number | undefined {
  if (snapshot.occupancyError) return undefined;
  return snapshot.occupancy.find((row) => row.channel === `${CLASS_PRESENCE_PREFIX}*`)?.channelCount ?? 0;
}

/** Chat messages of the last minute; undefined when the chat could not be read. */
export function messagesLastMinute(snapshot: MonitorSnapshot): number | undefined {
  return snapshot.chat?.messagesLastMinute;
}
