"use client";

import { Crosshair, Search } from "lucide-react";
import { useId } from "react";

import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";

/** Search by name and "Jump to me" above the board. */
export function BoardToolbar({
  query,
  onQuery,
  onJumpToMe,
  canJump,
  children,
}: {
  query: string;
  onQuery: (query: string) => void;
  /** Undefined when the viewer has no row to jump to (a coach, or an athlete without points yet). */
  onJumpToMe?: () => void;
  canJump: boolean;
  children?: React.ReactNode;
}) {
  const id = useId();
  return (
    <div className="flex flex-wrap items-end gap-2 border-b border-border px-3 py-2 sm:px-4">
      <div className="flex min-w-0 flex-1 basis-40 flex-col gap-1">
        <Label htmlFor={`${id}-search`} className="sr-only">
          Search athletes
        </Label>
        <span className="relative">
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            id={`${id}-search`}
            type="search"
            value={query}
            placeholder="Search athletes"
            autoComplete="off"
            className="pl-8"
            onChange={(event) => onQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape" && query) {
                event.preventDefault();
                onQuery("");
              }
            }}
          />
        </span>
      </div>
      {children}
      {onJumpToMe && (
        <Button variant="outline" size="default" onClick={onJumpToMe} disabled={!canJump}>
          <Crosshair aria-hidden className="size-4" />
          Jump to me
        </Button>
      )}
    </div>
  );
}
