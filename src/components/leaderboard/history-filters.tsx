"use client";

import { Download, X } from "lucide-react";
import { useId } from "react";

import { Button, buttonVariants } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";

import { NO_FILTERS, type HistoryFilterValues } from "./history-view";

export interface Person {
  id: string;
  name: string;
}

/** Filters of the coaches' history (athlete, coach, date range) and the CSV download of what they select. */
export function HistoryFilters({
  values,
  onChange,
  athletes,
  coaches,
  csvHref,
}: {
  values: HistoryFilterValues;
  onChange: (values: HistoryFilterValues) => void;
  athletes: Person[];
  coaches: Person[];
  csvHref?: string;
}) {
  const id = useId();
  const set = (key: keyof HistoryFilterValues) => (event: { target: { value: string } }) => onChange({ ...values, [key]: event.target.value });
  const filtered = Object.values(values).some(Boolean);
  const badRange = Boolean(values.from && values.to && values.from > values.to);
  return (
    <div role="group" aria-label="Filter the award history" className="flex flex-wrap items-end gap-2 border-b border-border px-3 py-2 sm:px-4">
      <div className="flex min-w-36 flex-1 flex-col gap-1">
        <Label htmlFor={`${id}-athlete`}>Athlete</Label>
        <Select id={`${id}-athlete`} value={values.athlete} onChange={set("athlete")}>
          <option value="">All athletes</option>
          {athletes.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex min-w-36 flex-1 flex-col gap-1">
        <Label htmlFor={`${id}-coach`}>Coach</Label>
        <Select id={`${id}-coach`} value={values.coach} onChange={set("coach")}>
          <option value="">All coaches</option>
          {coaches.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex min-w-32 flex-1 flex-col gap-1">
        <Label htmlFor={`${id}-from`}>From</Label>
        <Input id={`${id}-from`} type="date" value={values.from} max={values.to || undefined} onChange={set("from")} />
      </div>
      <div className="flex min-w-32 flex-1 flex-col gap-1">
        <Label htmlFor={`${id}-to`}>To</Label>
        <Input
          id={`${id}-to`}
          type="date"
          value={values.to}
          min={values.from || undefined}
          aria-invalid={badRange || undefined}
          aria-describedby={badRange ? `${id}-range` : undefined}
          onChange={set("to")}
        />
      </div>
      <div className="flex gap-2">
        {filtered && (
          <Button variant="ghost" onClick={() => onChange(NO_FILTERS)}>
            <X aria-hidden className="size-4" />
            Clear filters
          </Button>
        )}
        {csvHref && (
          <a href={csvHref} download className={buttonVariants({ variant: "outline" })}>
            <Download aria-hidden className="size-4" />
            Download CSV
          </a>
        )}
      </div>
      {badRange && (
        <p id={`${id}-range`} role="alert" className="w-full text-sm text-destructive">
          “From” is after “To”: no award can match.
        </p>
      )}
    </div>
  );
}
