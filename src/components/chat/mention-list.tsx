import { cn } from "@/lib/utils";

import { Avatar } from "./avatar";
import { CoachBadge } from "./coach-badge";
import type { MemberSuggestion } from "./use-member-search";

/** The id of suggestion `index` in the list `listId` (the box points at it with aria-activedescendant). */
export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

/**
 * The `@` suggestions: a listbox the message box drives (arrows move,
 * Enter/Tab pick, Escape closes) with aria-activedescendant, so focus never
 * leaves the box. A press picks without taking focus from it.
 */
export function MentionList({
  id,
  suggestions,
  active,
  onPick,
  onHover,
}: {
  id: string;
  suggestions: MemberSuggestion[];
  active: number;
  onPick: (suggestion: MemberSuggestion) => void;
  onHover: (index: number) => void;
}) {
  return (
    <ul
      id={id}
      role="listbox"
      aria-label="Team members"
      className="absolute inset-x-2 bottom-full z-30 mb-1 rounded-lg border border-border bg-card p-1 shadow-lg sm:right-auto sm:w-72"
    >
      {suggestions.map((suggestion, index) => (
        <li
          key={suggestion.id}
          id={optionId(id, index)}
          role="option"
          aria-selected={index === active}
          onPointerDown={(event) => event.preventDefault()}
          onClick={() => onPick(suggestion)}
          onPointerMove={() => index !== active && onHover(index)}
          className={cn(
            "flex min-h-10 cursor-pointer items-center gap-2 rounded-md px-2 py-1 text-sm touch:min-h-11",
            index === active ? "bg-accent text-accent-foreground" : "text-foreground",
          )}
        >
          <Avatar id={suggestion.id} name={suggestion.name} className="size-6 text-[0.625rem]" />
          <span className="min-w-0 flex-1 truncate">{suggestion.name}</span>
          {suggestion.role === "coach" && <CoachBadge />}
          <span className={cn("text-xs", index === active ? "text-accent-foreground" : "text-muted-foreground")}>
            <span aria-hidden className={cn("mr-1 inline-block size-2 rounded-full", suggestion.online ? "bg-success" : "bg-border")} />
            {suggestion.online ? "online" : "offline"}
          </span>
        </li>
      ))}
    </ul>
  );
}
