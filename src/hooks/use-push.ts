"use client";

import { useCallback, useEffect, useState } from "react";

import { apiFetch, ApiError } from "@/lib/api-client";

/** Where this device stands with Web Push. */
export type PushState =
  | { kind: "loading" }
  | { kind: "unsupported" }
  /** The server has no VAPID keys. */
  | { kind: "server-off" }
  /** The person blocked notifications for this site in the browser. */
  | { kind: "blocked" }
  | { kind: "off" }
  | { kind: "on" }
  | { kind: "working"; enabling: boolean }
  | { kind: "error"; message: string; subscribed: boolean };

export const SERVICE_WORKER_URL = "/sw.js";

function supported(): boolean {
  return typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** The VAPID public key (URL-safe base64) as the bytes PushManager.subscribe wants. */
export function applicationServerKey(publicKey: string): Uint8Array<ArrayBuffer> {
  const base64 = publicKey.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(publicKey.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function existingSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration(SERVICE_WORKER_URL);
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * Push notifications on this device: reads where it stands, and turns them
 * on (asks permission, registers the service worker, subscribes with the
 * server's VAPID key, tells the server) or off (unsubscribes, tells the
 * server). The server sends a push only while none of the person's tabs is
 * open, so turning it on never doubles the notices an open tab shows.
 */
export function usePush() {
  const [state, setState] = useState<PushState>({ kind: "loading" });
  const [publicKey, setPublicKey] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      if (!supported()) return setState({ kind: "unsupported" });
      try {
        const config = await apiFetch<{ enabled: boolean; publicKey: string | null }>("/api/push");
        if (!live) return;
        if (!config.enabled || !config.publicKey) return setState({ kind: "server-off" });
        setPublicKey(config.publicKey);
        if (Notification.permission === "denied") return setState({ kind: "blocked" });
        setState({ kind: (await existingSubscription()) ? "on" : "off" });
      } catch (error) {
        if (live) setState({ kind: "error", message: (error as Error).message, subscribed: false });
      }
    })();
    return () => {
      live = false;
    };
  }, []);

  const enable = useCallback(async () => {
    if (!publicKey) return;
    setState({ kind: "working", enabling: true });
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") return setState({ kind: permission === "denied" ? "blocked" : "off" });
      const registration = await navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: "/" });
      await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey(publicKey) }));
      await apiFetch("/api/push/subscriptions", { method: "POST", json: subscription.toJSON() });
      setState({ kind: "on" });
    } catch (error) {
      const message = error instanceof ApiError ? error.message : "This browser could not subscribe to push notifications.";
      setState({ kind: "error", message, subscribed: false });
    }
  }, [publicKey]);

  const disable = useCallback(async () => {
    setState({ kind: "working", enabling: false });
    try {
      const subscription = await existingSubscription();
      if (subscription) {
        await apiFetch("/api/push/subscriptions", { method: "DELETE", json: { endpoint: subscription.endpoint } });
        await subscription.unsubscribe();
      }
      setState({ kind: "off" });
    } catch (error) {
      setState({ kind: "error", message: (error as Error).message, subscribed: true });
    }
  }, []);

  return { state, enable, disable };
}
