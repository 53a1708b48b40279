import Link from "next/link";
import { notFound } from "next/navigation";

import { ActivityFeed } from "@/components/activity/activity-feed";
import { JoinForm } from "@/components/session/join-form";
import { classChannel } from "@/lib/channels";
import { channelIdSchema } from "@/lib/schemas";
import { currentUser } from "@/server/session";

/** One class's live channel: updates and attendance as they are announced. */
export default async function ClassPage({ params }: { params: Promise<{ classId: string }> }) {
  const { classId: raw } = await params;
  const parsed = channelIdSchema.safeParse(decodeURIComponent(raw));
  if (!parsed.success) notFound();
  if (!(await currentUser())) return <JoinForm />;
  const classId = parsed.data;
  return (
    <section aria-label={`Class ${classId}`} className="overflow-hidden rounded-xl border border-border bg-card">
      <header className="flex items-center justify-between border-b border-border px-4 py-3">
        <h1 className="text-lg font-semibold">Class {classId}</h1>
        <Link href="/?tab=activity" className="text-sm text-primary hover:underline">
          Back to activity
        </Link>
      </header>
      <ActivityFeed channel={classChannel(classId)} label={`Class ${classId} updates`} empty="Nothing announced for this class yet — updates appear here live." />
    </section>
  );
}
