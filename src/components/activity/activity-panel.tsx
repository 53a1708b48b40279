"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";

import { ClassesSection } from "@/components/classes/classes-section";
import { Button } from "@/components/ui/button";
import { CHANNELS } from "@/lib/channels";
import { channelIdSchema } from "@/lib/client-schemas";
import { useSession } from "@/providers/session-provider";

import { ActivityFeed } from "./activity-feed";
import { AnnouncementComposer } from "./announcement-composer";

/**
 * The Activity tab: for coaches the broadcast form; the team's classes (a
 * coach starts one; everyone sees who is in each); the live progress feed;
 * and a way into any class by its code.
 */
export function ActivityPanel() {
  const user = useSession();
  return (
    <section aria-label="Activity" className="flex flex-col">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-border px-4 py-2">
        <h2 className="text-base font-semibold">Activity</h2>
        <OpenClassForm />
      </header>
      {user?.role === "coach" && <AnnouncementComposer />}
      <ClassesSection />
      <h3 className="px-4 pt-3 pb-1 text-sm font-semibold">Progress</h3>
      <ActivityFeed channel={CHANNELS.progress} label="Progress updates" empty="No progress updates yet — they appear here live." />
    </section>
  );
}

function OpenClassForm() {
  const router = useRouter();
  const id = useId();
  const [classId, setClassId] = useState("");
  const [error, setError] = useState(false);

  function open(event: FormEvent) {
    event.preventDefault();
    if (!channelIdSchema.safeParse(classId.trim()).success) return setError(true);
    router.push(`/class/${encodeURIComponent(classId.trim())}`);
  }

  return (
    <form onSubmit={open} className="flex items-center gap-2">
      <label htmlFor={`${id}-class`} className="text-sm text-muted-foreground">
        Class
      </label>
      <input
        id={`${id}-class`}
        value={classId}
        onChange={(e) => {
          setClassId(e.target.value);
          setError(false);
        }}
        aria-invalid={error || undefined}
        placeholder="e.g. u12-girls"
        className="h-8 w-32 min-w-0 rounded-md border border-input bg-card px-2 text-base text-foreground placeholder:text-muted-foreground focus-visible:outline-2 focus-visible:outline-ring aria-invalid:border-destructive touch:min-h-11 sm:w-36 sm:text-sm"
      />
      <Button type="submit" size="sm" variant="outline">
        Open
      </Button>
    </form>
  );
}
