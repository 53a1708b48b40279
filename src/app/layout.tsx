import type { Metadata, Viewport } from "next";
import { ThemeProvider } from "next-themes";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";

import { ConnectionStatus } from "@/components/realtime/connection-status";
import { CallLayer, NotificationCenter, Toaster } from "@/components/session/signed-in-chrome";
import { UserMenu } from "@/components/session/user-menu";
import { RealtimeProvider } from "@/providers/realtime-provider";
import { SessionProvider } from "@/providers/session-provider";
import { currentUser } from "@/server/session";
import { getSettings } from "@/server/settings";

import "./globals.css";

export const metadata: Metadata = {
  title: "CoachPro",
  description: "Live team chat and leaderboard for coaches and athletes.",
  applicationName: "CoachPro",
  // Static assets live in public/ (served as-is from the site root); the manifest is app/manifest.ts.
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" }, apple: "/apple-touch-icon.png" },
  appleWebApp: { capable: true, title: "CoachPro", statusBarStyle: "default" },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  // Lets the page reach under a phone's notch and home bar; the layout pads by the safe-area insets.
  viewportFit: "cover",
  // The on-screen keyboard shrinks the layout viewport, so `dvh` sizes keep the message box above it.
  interactiveWidget: "resizes-content",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#171b2b" },
  ],
  colorScheme: "light dark",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: where browsers connect is deployment config, not build output.
  await connection();
  const { client, mode } = getSettings();
  const user = await currentUser();
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // next-themes sets the theme class on <html> before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh bg-background font-sans text-foreground antialiased">
        <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
          <a
            href="#main"
            className="sr-only z-50 rounded-md bg-primary px-4 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
          >
            Skip to content
          </a>
          <SessionProvider user={user}>
            <RealtimeProvider config={client} mode={mode} enabled={Boolean(user)}>
              <header className="sticky top-0 z-40 border-b border-border bg-card pt-[env(safe-area-inset-top)]">
                <div className="mx-auto flex min-h-14 max-w-5xl items-center justify-between gap-2 pr-[max(0.5rem,env(safe-area-inset-right))] pl-[max(1rem,env(safe-area-inset-left))] sm:gap-4 sm:pr-4">
                  {/* A plain link on purpose: next/link would add 3 KB gzip to every first load for this one link. */}
                  {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
                  <a href="/" className="shrink-0 text-lg font-bold tracking-tight">
                    Coach<span className="text-primary">Pro</span>
                  </a>
                  <div className="flex min-w-0 items-center gap-1 sm:gap-4">
                    {user && <ConnectionStatus />}
                    {user && <NotificationCenter />}
                    <UserMenu user={user} />
                  </div>
                </div>
              </header>
              <main
                id="main"
                tabIndex={-1}
                className="mx-auto max-w-5xl px-[max(0.75rem,env(safe-area-inset-left))] pt-4 pb-[calc(5rem+env(safe-area-inset-bottom))] outline-none sm:px-4 sm:py-6"
              >
                {children}
              </main>
              {user && <Toaster />}
              {user && <CallLayer />}
            </RealtimeProvider>
          </SessionProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
