import type { Role } from "./schemas";

export const COACHING_TABS = ["chat", "leaderboard", "activity", "monitor"] as const;

export type CoachingTab = (typeof COACHING_TABS)[number];

/** The tabs a role sees: the Monitor tab is for coaches. */
export function tabsFor(role: Role | undefined): readonly CoachingTab[] {
  return role === "coach" ? COACHING_TABS : COACHING_TABS.filter((tab) => tab !== "monitor");
}

/** The tab a `?tab=` value asks for; anything else (or a tab not for this role) falls back to the chat. */
export function parseTab(value: string | string[] | undefined, role?: Role): CoachingTab {
  const candidate = Array.isArray(value) ? value[0] : value;
  return tabsFor(role).find((tab) => tab === candidate) ?? "chat";
}
