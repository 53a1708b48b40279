import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Toaster } from "sonner";

import { AnnouncementBanner } from "@/components/notifications/announcement-banner";
import { NotificationCenter } from "@/components/notifications/notification-center";
import { ConnectionStatus } from "@/components/realtime/connection-status";
import { RealtimeProvider } from "@/providers/realtime-provider";
import { SessionProvider } from "@/providers/session-provider";
import { UserMenu } from "@/components/session/user-menu";
import { currentUser } from "@/server/session";
import { getSettings } from "@/server/settings";

import "./globals.css";

export const metadata: Metadata = {
  title: "CoachPro",
  description: "Live team chat and leaderboard for coaches and athletes.",
  // Static assets live in public/ (served as-is from the site root).
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: where browsers connect is deployment config, not build output.
  await connection();
  const { client, mode } = getSettings();
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased">
        <SessionProvider user={user}>
          <RealtimeProvider config={client} mode={mode} enabled={Boolean(user)}>
            <header className="border-b border-slate-200 bg-white">
              <div className="mx-auto flex max-w-5xl items-center justify-between px-4 py-3">
                <Link href="/" className="text-lg font-bold tracking-tight">
                  Coach<span className="text-indigo-600">Pro</span>
                </Link>
                <div className="flex items-center gap-4">
                  {user && <ConnectionStatus />}
                  {user && <NotificationCenter />}
                  {user && <UserMenu user={user} />}
                </div>
              </div>
            </header>
            <AnnouncementBanner />
            <main className="mx-auto max-w-5xl px-4 py-6">{children}</main>
            <Toaster position="bottom-right" closeButton />
          </RealtimeProvider>
        </SessionProvider>
      </body>
    </html>
  );
}
