import { CoachingTabs } from "@/components/coaching/coaching-tabs";
import { parseTab } from "@/lib/tabs";

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tab } = await searchParams;
  return <CoachingTabs initialTab={parseTab(tab)} />;
}
