export const COACHING_TABS = ["chat", "leaderboard"] as const;

export type CoachingTab = (typeof COACHING_TABS)[number];

/** The tab a `?tab=` value asks for; anything else falls back to the chat. */
export function parseTab(value: string | string[] | undefined): CoachingTab {
  const candidate = Array.isArray(value) ? value[0] : value;
  return COACHING_TABS.find((tab) => tab === candidate) ?? "chat";
}
