"use client";

import { useTheme } from "next-themes";
import { useSyncExternalStore, type ComponentProps, type CSSProperties } from "react";
import { Toaster as Sonner } from "sonner";

/** How long a toast stays, and how many show at once (older ones leave first). */
export const TOAST_MS = 5_000;
export const MAX_TOASTS = 3;

// Tailwind's `sm`: below it the bottom tab bar and the on-screen keyboard own the bottom of the screen.
const WIDE = "(min-width: 640px)";

function subscribeWide(onChange: () => void) {
  const query = window.matchMedia(WIDE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/**
 * sonner's toaster in the app's colours, light or dark as next-themes
 * resolved it. Inside the viewport on every screen: at the top on phones,
 * just below the header (clear of the bottom navigation and the keyboard,
 * and never over the bell),
 * bottom right above that. sonner keeps its own polite live region.
 */
export function Toaster(props: ComponentProps<typeof Sonner>) {
  const { resolvedTheme } = useTheme();
  const wide = useSyncExternalStore(subscribeWide, () => window.matchMedia(WIDE).matches, () => true);
  return (
    <Sonner
      theme={resolvedTheme === "dark" ? "dark" : "light"}
      position={wide ? "bottom-right" : "top-center"}
      // Below the header (min-h-14 and its border), so the bell and the menu stay in reach while a toast shows.
      mobileOffset={{ top: "calc(env(safe-area-inset-top) + 3.5rem + 1px + 0.5rem)", left: "0.5rem", right: "0.5rem" }}
      duration={TOAST_MS}
      visibleToasts={MAX_TOASTS}
      expand
      closeButton
      toastOptions={{ closeButtonAriaLabel: "Close notification" }}
      style={
        {
          "--normal-bg": "var(--card)",
          "--normal-text": "var(--foreground)",
          "--normal-border": "var(--border)",
        } as CSSProperties
      }
      {...props}
    />
  );
}
