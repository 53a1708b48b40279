import "server-only";

import webpush from "web-push";

import { CHANNELS } from "@/lib/channels";
import type { Notice } from "@/lib/notifications";
import { isAllowedPushEndpoint, type PushPayload, type PushSubscriptionInput } from "@/lib/push";

import { ValidationError } from "../errors";
import { queryRealtime } from "../realtime-gateway";
import { getSettings } from "../settings";
import { getPushStore } from "./push-store";

/** A push service gets this long to accept a message. */
export const PUSH_DEADLINE_MS = 5_000;
/** How long a push service keeps a message for a device that is offline. */
const PUSH_TTL_SECONDS = 24 * 60 * 60;

/** What happened to one person's push: sent to N devices, or why not. */
export type PushOutcome = { sent: number; removed: number; failed: number } | { skipped: "push-off" | "no-devices" | "online" };

/** Records a device's subscription for `userId`; 422 for an endpoint the server will not send to. */
export async function subscribe(userId: string, subscription: PushSubscriptionInput): Promise<void> {
  if (!isAllowedPushEndpoint(subscription.endpoint, getSettings().production)) {
    throw new ValidationError([{ path: "endpoint", message: "Not a known push service." }], "This push service is not supported.");
  }
  await getPushStore().add(userId, subscription);
}

/** Forgets a device of `userId`; false when it was not theirs. */
export function unsubscribe(userId: string, endpoint: string): Promise<boolean> {
  return getPushStore().remove(userId, endpoint);
}

/** How long one answer about who has a tab open serves (an announcement asks for every member at once). */
const PRESENCE_TTL_MS = 1_000;
const globalForPresence = globalThis as typeof globalThis & { __coachproPushPresence?: { at: number; ids: Promise<Set<string>> } };

/** The ids of the team members with a CoachPro tab open (members of the presence channel), asked at most once a second. */
function openTabs(): Promise<Set<string>> {
  const presence = globalForPresence.__coachproPushPresence;
  if (!presence || Date.now() - presence.at > PRESENCE_TTL_MS) {
    const ids = queryRealtime(`/channels/${CHANNELS.presenceChat}/users`).then(
      (reply) => new Set(((reply as { users?: { id?: unknown }[] }).users ?? []).map((member) => String(member.id))),
    );
    globalForPresence.__coachproPushPresence = { at: Date.now(), ids };
    return ids;
  }
  return presence.ids;
}

/**
 * Whether `userId` has a CoachPro tab open anywhere. Unknown (the realtime
 * service did not answer) counts as not open: a notice reaches the device
 * rather than being lost.
 */
async function hasOpenTab(userId: string): Promise<boolean> {
  try {
    return (await openTabs()).has(userId);
  } catch {
    return false;
  }
}

/**
 * Sends `payload` to every device of `userId` when none of their tabs is
 * open (an open tab shows the notice itself: one notice per event). Devices
 * the push service says are gone (404, 410) are forgotten. Never throws:
 * push is a best-effort second channel beside the bell.
 */
export async function pushToUser(userId: string, payload: PushPayload): Promise<PushOutcome> {
  const { push, production } = getSettings();
  if (!push) return { skipped: "push-off" };
  const store = getPushStore();
  let devices: PushSubscriptionInput[];
  try {
    devices = await store.list(userId);
  } catch {
    return { skipped: "no-devices" };
  }
  if (devices.length === 0) return { skipped: "no-devices" };
  if (await hasOpenTab(userId)) return { skipped: "online" };

  const body = JSON.stringify(payload);
  const outcome = { sent: 0, removed: 0, failed: 0 };
  await Promise.all(
    devices.map(async (device) => {
      if (!isAllowedPushEndpoint(device.endpoint, production)) return;
      const delivered = await deliver(device, body, push, topicOf(payload.tag));
      if (delivered === "sent") outcome.sent += 1;
      else if (delivered === "gone") {
        outcome.removed += 1;
        await store.drop(device.endpoint).catch(() => undefined);
      } else {
        outcome.failed += 1;
        console.error(`coachpro: push to a device of ${userId} failed: ${delivered.failed}`);
      }
    }),
  );
  return outcome;
}

/**
 * Sends one encrypted message to one device. web-push builds the request
 * (aes128gcm encryption for the device's keys, the VAPID JWT); fetch sends
 * it within PUSH_DEADLINE_MS. "gone": the push service says the device
 * unsubscribed (404, 410).
 */
async function deliver(
  device: PushSubscriptionInput,
  body: string,
  push: NonNullable<ReturnType<typeof getSettings>["push"]>,
  topic: string,
): Promise<"sent" | "gone" | { failed: string }> {
  try {
    const request = webpush.generateRequestDetails(device, body, {
      vapidDetails: { subject: push.subject, publicKey: push.publicKey, privateKey: push.privateKey },
      TTL: PUSH_TTL_SECONDS,
      urgency: "normal",
      topic,
    });
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers: request.headers as Record<string, string>,
      body: request.body ? new Uint8Array(request.body) : null,
      signal: AbortSignal.timeout(PUSH_DEADLINE_MS),
      redirect: "error",
    });
    await response.body?.cancel();
    if (response.status === 404 || response.status === 410) return "gone";
    return response.ok ? "sent" : { failed: `the push service answered ${response.status}` };
  } catch (error) {
    return { failed: (error as Error).message };
  }
}

/**
 * Sends a stored notice (a mention, an award to them, an announcement) to
 * the person's devices when none of their tabs is open; the notice's id is
 * the tag, so a device shows one notice per event.
 */
export function pushNotice(userId: string, notice: Pick<Notice, "id" | "title" | "body" | "href">): Promise<PushOutcome> {
  return pushToUser(userId, { title: notice.title, body: notice.body, href: notice.href, tag: notice.id });
}

/** A Topic header (≤ 32 URL-safe characters) so a newer push for the same thing replaces one still waiting. */
function topicOf(tag: string): string {
  return tag.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 32) || "coachpro";
}
