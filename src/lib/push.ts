/**
 * Web Push subscriptions as the browser's PushSubscription.toJSON() gives
 * them, and which endpoints the server will ever send to.
 */
import { z } from "zod";

/** URL-safe base64 of exactly `bytes` bytes (padding optional). */
const base64url = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, "Expected URL-safe base64.")
    .refine((value) => Math.floor((value.replace(/=+$/, "").length * 3) / 4) === bytes, `Expected ${bytes} bytes.`);

/**
 * The push services browsers subscribe to (Chrome/Edge/Opera, Firefox,
 * Safari, Windows). In production the server sends only to these, so a
 * subscription can never point it at another host (or at the server's own
 * network).
 */
export const PUSH_SERVICE_HOSTS = [
  "fcm.googleapis.com",
  "android.googleapis.com",
  "updates.push.services.mozilla.com",
  "push.services.mozilla.com",
  "web.push.apple.com",
  ".push.apple.com",
  ".notify.windows.com",
] as const;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Whether the server may send to `endpoint`: https to a known push service;
 * outside production also plain http on loopback (the tests' local push
 * service and local development).
 */
export function isAllowedPushEndpoint(endpoint: string, production: boolean): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (!production && url.protocol === "http:" && LOOPBACK.has(url.hostname)) return true;
  if (url.protocol !== "https:") return false;
  return PUSH_SERVICE_HOSTS.some((host) => (host.startsWith(".") ? url.hostname.endsWith(host) : url.hostname === host));
}

export const pushSubscriptionSchema = z.object({
  endpoint: z.string().max(1_000).url("endpoint must be a URL."),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({ p256dh: base64url(65), auth: base64url(16) }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionSchema>;

/** The body of DELETE /api/push/subscriptions. */
export const pushUnsubscribeSchema = z.strictObject({ endpoint: z.string().max(1_000) });

/** What a push message carries to the service worker (small: push services take about 4 KB). */
export const pushPayloadSchema = z.object({
  title: z.string().max(120),
  body: z.string().max(300).optional(),
  href: z.string().max(200),
  tag: z.string().max(80),
});
export type PushPayload = z.infer<typeof pushPayloadSchema>;
