"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useTheme } from "next-themes";

import { useIsClient } from "@/hooks/use-is-client";
import { cn } from "@/lib/utils";

const CHOICES = [
  { value: "light", label: "Light", Icon: Sun },
  { value: "dark", label: "Dark", Icon: Moon },
  { value: "system", label: "System", Icon: Monitor },
] as const;

/**
 * Light, dark or the system's setting, remembered by next-themes (local
 * storage) and applied before first paint by its inline script.
 */
export function ThemeToggle({ className, showLabels = false }: { className?: string; showLabels?: boolean }) {
  const { theme, setTheme } = useTheme();
  // The stored choice is only known in the browser: render it after hydration.
  const chosen = useIsClient() ? (theme ?? "system") : null;
  return (
    <div role="group" aria-label="Theme" data-slot="theme-toggle" className={cn("inline-flex rounded-md border border-border bg-muted p-0.5", className)}>
      {CHOICES.map(({ value, label, Icon }) => (
        <button
          key={value}
          type="button"
          aria-pressed={chosen === value}
          aria-label={showLabels ? undefined : `${label} theme`}
          title={`${label} theme`}
          onClick={() => setTheme(value)}
          className={cn(
            "inline-flex h-8 items-center justify-center gap-1.5 rounded px-2 text-xs font-medium text-muted-foreground touch:min-h-11 touch:min-w-11",
            "hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring aria-pressed:bg-card aria-pressed:text-foreground aria-pressed:shadow-sm",
            showLabels && "flex-1",
          )}
        >
          <Icon aria-hidden className="size-4" />
          {showLabels && label}
        </button>
      ))}
    </div>
  );
}
