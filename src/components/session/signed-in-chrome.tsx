"use client";

import dynamic from "next/dynamic";

// The header's and the page's signed-in extras load only once someone has
// joined: the join screen's first-load scripts hold neither their code nor
// what it brings (zod/mini for incoming events, sonner for toasts).
// They still render on the server for a signed-in page.

/** The bell with its notification list, and the one place notices are presented (notifications/notification-center.tsx). */
export const NotificationCenter = dynamic(() => import("@/components/notifications/notification-center").then((m) => m.NotificationCenter));

/** Where every toast of the signed-in page shows (ui/sonner.tsx). */
export const Toaster = dynamic(() => import("@/components/ui/sonner").then((m) => m.Toaster));

/** Calls: the ringing notice and the call window, on every page of a signed-in tab (call/call-layer.tsx; WebRTC code, client only). */
export const CallLayer = dynamic(() => import("@/components/call/call-layer").then((m) => m.CallLayer), { ssr: false });
