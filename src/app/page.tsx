import { redirect } from "next/navigation";

import { HomeView } from "@/components/session/home-view";
import { legacyTabRedirect, parseTab } from "@/lib/tabs";
import { currentUser } from "@/server/session";

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tab } = await searchParams;
  const user = await currentUser();
  const moved = legacyTabRedirect(tab, user?.role);
  if (moved) redirect(moved);
  return <HomeView signedIn={Boolean(user)} initialTab={parseTab(tab, user?.role)} />;
}
