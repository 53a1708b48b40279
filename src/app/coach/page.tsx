import type { Metadata } from "next";
import Link from "next/link";

import { MonitorPanel } from "@/components/monitor/monitor-panel";
import { JoinForm } from "@/components/session/join-form";
import { currentUser } from "@/server/session";

export const metadata: Metadata = { title: "Monitor · CoachPro" };

/**
 * The coaches' page: the monitor in plain words. Signed out: the join
 * screen; an athlete: a clear "coaches only" page (the data route,
 * /api/monitor, refuses them too).
 */
export default async function CoachPage() {
  const user = await currentUser();
  if (!user) return <JoinForm />;
  if (user.role !== "coach") return <CoachesOnly />;
  return <MonitorPanel />;
}

function CoachesOnly() {
  return (
    <section aria-labelledby="coaches-only" className="mx-auto flex max-w-md flex-col gap-3 rounded-xl border border-border bg-card p-6 text-center">
      <h1 id="coaches-only" className="text-xl font-semibold">
        Coaches only
      </h1>
      <p className="text-sm text-muted-foreground">This page shows how the team&apos;s live page is doing, and only coaches can open it.</p>
      <Link href="/" className="text-sm font-medium text-primary underline-offset-4 hover:underline">
        Back to your team
      </Link>
    </section>
  );
}
