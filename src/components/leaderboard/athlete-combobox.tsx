"use client";

import { useCombobox } from "downshift";
import { Check, ChevronDown } from "lucide-react";
import { useMemo, useState } from "react";

import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";

import { matchesName } from "./name-search";

export interface AthleteOption {
  userId: string;
  name: string;
  /** Already on the board (no name needs to be sent). */
  ranked: boolean;
}

const MAX_SHOWN = 50;

/**
 * The athlete picker: a WAI-ARIA combobox (downshift). Typing filters the
 * names; Down/Up move through them, Enter picks, Escape closes (and a second
 * Escape clears); Alt+Down opens the list without typing.
 */
export function AthleteCombobox({
  athletes,
  selected,
  onSelect,
  inputId,
  invalid,
  describedBy,
}: {
  athletes: AthleteOption[];
  selected: AthleteOption | null;
  onSelect: (athlete: AthleteOption | null) => void;
  inputId: string;
  invalid?: boolean;
  describedBy?: string;
}) {
  const [typed, setTyped] = useState("");
  // The pick cleared from outside (the form starts again): so is the field. Adjusted while rendering, not in an effect.
  const [shown, setShown] = useState(selected);
  if (shown !== selected) {
    setShown(selected);
    if (selected === null) setTyped("");
  }
  const items = useMemo(() => {
    // A picked name in the field is not a filter: show everyone, with the pick marked.
    const filter = selected && typed === selected.name ? "" : typed;
    return (filter.trim() ? athletes.filter((athlete) => matchesName(athlete.name, filter)) : athletes).slice(0, MAX_SHOWN);
  }, [athletes, typed, selected]);

  const { isOpen, highlightedIndex, getLabelProps, getInputProps, getMenuProps, getItemProps, getToggleButtonProps } = useCombobox<AthleteOption>({
    items,
    inputId,
    selectedItem: selected,
    // Controlled, so a reset from outside always empties the field.
    inputValue: typed,
    itemToString: (item) => item?.name ?? "",
    itemToKey: (item) => item?.userId,
    onInputValueChange: ({ inputValue }) => setTyped(inputValue),
    onSelectedItemChange: ({ selectedItem }) => onSelect(selectedItem ?? null),
  });

  return (
    <div className="relative flex min-w-0 flex-col gap-1">
      <label {...getLabelProps()} className="text-sm font-medium text-foreground">
        Athlete
      </label>
      <div className="relative">
        <Input
          {...getInputProps({
            placeholder: athletes.length ? "Type a name…" : "No athletes yet",
            "aria-invalid": invalid || undefined,
            "aria-describedby": describedBy,
          })}
          className="pr-9 touch:pr-11"
        />
        <button
          type="button"
          aria-label="Show all athletes"
          {...getToggleButtonProps()}
          className="absolute inset-y-0 right-0 flex w-9 items-center touch:w-11 justify-center rounded-r-md text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
        >
          <ChevronDown aria-hidden className={cn("size-4 motion-safe:transition-transform", isOpen && "rotate-180")} />
        </button>
      </div>
      <ul
        {...getMenuProps({ "aria-label": "Athletes" })}
        className={cn(
          "absolute top-full right-0 left-0 z-40 mt-1 max-h-60 overflow-y-auto rounded-md border border-border bg-card py-1 shadow-lg",
          !(isOpen && items.length > 0) && "hidden",
        )}
      >
        {isOpen &&
          items.map((item, index) => (
            <li
              key={item.userId}
              {...getItemProps({ item, index })}
              className={cn(
                "flex cursor-pointer items-center gap-2 px-3 py-2 text-sm touch:min-h-11",
                highlightedIndex === index && "bg-accent text-accent-foreground",
              )}
            >
              <Check aria-hidden className={cn("size-4 shrink-0", selected?.userId === item.userId ? "opacity-100" : "opacity-0")} />
              <span className="min-w-0 break-words">{item.name}</span>
              {!item.ranked && " "}
              {!item.ranked && <span className="ml-auto shrink-0 text-xs text-muted-foreground">new</span>}
            </li>
          ))}
      </ul>
      {isOpen && items.length === 0 && (
        <p className="absolute top-full right-0 left-0 z-40 mt-1 rounded-md border border-border bg-card px-3 py-2 text-sm text-muted-foreground shadow-lg">
          {athletes.length ? `No athlete matches “${typed.trim()}”` : "No athletes yet: athletes appear here once they join or score."}
        </p>
      )}
    </div>
  );
}
