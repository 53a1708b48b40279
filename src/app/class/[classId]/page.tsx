import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { ActivityFeed } from "@/components/activity/activity-feed";
import { ClassLive } from "@/components/classes/class-live";
import { ClassTimeLabel } from "@/components/classes/class-time-label";
import { ClassBoard } from "@/components/leaderboard/class-board";
import { JoinForm } from "@/components/session/join-form";
import { classChannel } from "@/lib/channels";
import type { ClassInfo } from "@/lib/classes";
import { channelIdSchema } from "@/lib/schemas";
import { findClass } from "@/server/classes/class-service";
import { StoreUnavailableError } from "@/server/errors";
import { currentUser } from "@/server/session";

export const metadata: Metadata = { title: "Class · CoachPro" };

/**
 * One class: its title (a class a coach started; any other id is an ad-hoc
 * class whose updates come from the admin API), who has the page open, and
 * its updates as they are announced. Each part is one child of the column.
 */
export default async function ClassPage({ params }: { params: Promise<{ classId: string }> }) {
  const { classId: raw } = await params;
  const parsed = channelIdSchema.safeParse(safeDecode(raw));
  if (!parsed.success) notFound();
  if (!(await currentUser())) return <JoinForm />;
  const classId = parsed.data;
  const { info, unavailable } = await read(classId);
  const title = info?.title ?? `Class ${classId}`;

  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold break-words">{title}</h1>
          {info && (
            <p className="text-sm text-muted-foreground">
              <ClassTimeLabel startsAt={info.startsAt} /> · {info.createdBy.name}
            </p>
          )}
        </div>
        <Link href="/?tab=activity" className="text-sm text-primary underline-offset-4 hover:underline touch:py-2">
          Back to activity
        </Link>
      </header>
      {unavailable && (
        <p role="alert" className="rounded-md border border-warning-border bg-warning px-3 py-2 text-sm text-warning-foreground">
          Could not load this class&apos;s details right now; who is here and its updates still show live.
        </p>
      )}
      <ClassLive classId={classId} />
      <section aria-labelledby="class-updates-heading" className="overflow-hidden rounded-xl border border-border bg-card">
        <h2 id="class-updates-heading" className="border-b border-border px-4 py-2 text-sm font-semibold">
          Updates
        </h2>
        <ActivityFeed channel={classChannel(classId)} label={`${title} updates`} empty="Nothing announced for this class yet — updates appear here live." />
      </section>
      <ClassBoard classId={classId} title={title} />
    </div>
  );
}

/** The stored class, or why it could not be read (the rest of the page works without it). */
async function read(classId: string): Promise<{ info: ClassInfo | null; unavailable: boolean }> {
  try {
    return { info: await findClass(classId), unavailable: false };
  } catch (error) {
    if (error instanceof StoreUnavailableError) return { info: null, unavailable: true };
    throw error;
  }
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return "";
  }
}
