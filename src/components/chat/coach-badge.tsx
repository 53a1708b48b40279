/** "COACH" beside a coach's name. */
export function CoachBadge() {
  return (
    <span className="rounded-sm bg-accent px-1.5 py-px text-[0.6875rem] leading-4 font-semibold tracking-wide text-accent-foreground uppercase">
      Coach
    </span>
  );
}
