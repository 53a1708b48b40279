"use client";

import dynamic from "next/dynamic";

import type { CoachingTab } from "@/lib/tabs";

// Each visitor downloads one of the two: the join screen never loads the
// coaching page's code, and a signed-in page never loads the join form.
// Both still render on the server, so the first paint does not wait for them.
const JoinForm = dynamic(() => import("./join-form").then((m) => m.JoinForm));
const CoachingTabs = dynamic(() => import("@/components/coaching/coaching-tabs").then((m) => m.CoachingTabs));

/** The home page's body: the join screen, or the coaching page once signed in. */
export function HomeView({ signedIn, initialTab }: { signedIn: boolean; initialTab: CoachingTab }) {
  return signedIn ? <CoachingTabs initialTab={initialTab} /> : <JoinForm />;
}
