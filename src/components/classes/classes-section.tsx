"use client";

import { useSession } from "@/providers/session-provider";

import { ClassList } from "./class-list";
import { StartClassForm } from "./start-class-form";
import { useClasses } from "./use-classes";

/** The Activity tab's classes: coaches start one here; everyone finds them, with who is in each. */
export function ClassesSection() {
  const user = useSession();
  const coach = user?.role === "coach";
  const { classes, loading, error, liveError, retry, add } = useClasses();
  return (
    <section aria-labelledby="classes-heading" className="flex flex-col border-b border-border">
      <h3 id="classes-heading" className="px-4 pt-3 pb-1 text-sm font-semibold">
        Classes
      </h3>
      {coach && <StartClassForm onStarted={add} />}
      <ClassList
        classes={classes}
        loading={loading}
        error={error}
        liveError={liveError}
        onRetry={retry}
        empty={coach ? "No classes yet — start one above." : "No classes yet — when your coach starts one, it shows here."}
      />
    </section>
  );
}
