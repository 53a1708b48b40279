import type { CSSProperties } from "react";

import { cn } from "@/lib/utils";

/** A hue (0–359) derived from a user id: the same person always gets the same colour, on every device. */
export function avatarHue(id: string): number {
  let hash = 0x811c9dc5; // FNV-1a
  for (let index = 0; index < id.length; index += 1) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 360;
}

/** Up to two initials: of the first and last words ("Ana Silva" → "AS", "ben" → "B"); "?" for a name with none. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const first = (word: string | undefined) => (word ? [...word][0]!.toLocaleUpperCase() : "");
  const letters = first(words[0]) + (words.length > 1 ? first(words.at(-1)) : "");
  return letters || "?";
}

/**
 * A round avatar with the person's initials on a colour derived from their
 * id. The lightness flips with the theme (dark text on a light tint in dark
 * mode, white on a deep tint in light mode), which keeps the initials above
 * 4.5:1 whatever the hue. Decorative: the name is always shown beside it.
 */
export function Avatar({ id, name, className }: { id: string; name: string; className?: string }) {
  return (
    <span
      aria-hidden
      data-slot="avatar"
      style={{ "--avatar-hue": avatarHue(id) } as CSSProperties}
      className={cn(
        "inline-flex size-8 shrink-0 items-center justify-center rounded-full text-xs font-semibold select-none",
        "bg-[oklch(0.45_0.13_var(--avatar-hue))] text-white dark:bg-[oklch(0.82_0.09_var(--avatar-hue))] dark:text-[oklch(0.22_0.05_var(--avatar-hue))]",
        className,
      )}
    >
      {initials(name)}
    </span>
  );
}
