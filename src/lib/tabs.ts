import type { Role } from "./schemas";

export const COACHING_TABS = ["chat", "leaderboard", "activity"] as const;

export type CoachingTab = (typeof COACHING_TABS)[number];

/** The coaches' page: the monitor, in plain words (it used to be a tab). */
export const COACH_PAGE = "/coach";

/** The tabs a role sees: every role sees the same three (the monitor is a page of its own, COACH_PAGE). */
export function tabsFor(_role: Role | undefined): readonly CoachingTab[] {
  return COACHING_TABS;
}

/** The tab a `?tab=` value asks for; anything else falls back to the chat. */
export function parseTab(value: string | string[] | undefined, role?: Role): CoachingTab {
  const candidate = Array.isArray(value) ? value[0] : value;
  return tabsFor(role).find((tab) => tab === candidate) ?? "chat";
}

/**
 * Where an old link goes instead of the tab bar: `?tab=monitor` (the
 * Monitor tab of old) takes a coach to the coaches' page. Null otherwise
 * (an athlete's old monitor link opens the chat, as any unknown tab does).
 */
export function legacyTabRedirect(value: string | string[] | undefined, role?: Role): string | null {
  const candidate = Array.isArray(value) ? value[0] : value;
  return candidate === "monitor" && role === "coach" ? COACH_PAGE : null;
}
