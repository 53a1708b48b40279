import { CoachingTabs } from "@/components/coaching/coaching-tabs";
import { JoinForm } from "@/components/session/join-form";
import { parseTab } from "@/lib/tabs";
import { currentUser } from "@/server/session";

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tab } = await searchParams;
  const user = await currentUser();
  if (!user) return <JoinForm />;
  return <CoachingTabs initialTab={parseTab(tab, user.role)} />;
}
