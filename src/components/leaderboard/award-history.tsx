"use client";

import { useMemo, useState } from "react";

import { useAwardHistory } from "@/hooks/use-award-history";

import type { AthleteOption } from "./athlete-combobox";
import { HistoryFilters, type Person } from "./history-filters";
import { HistoryTable } from "./history-table";
import { historyQuery, NO_FILTERS, type HistoryFilterValues } from "./history-view";
import { MyHistoryList } from "./my-history";

/** People by id from what is known, sorted by name (the one picked stays listed even if no loaded award names them). */
function people(known: Iterable<[string, string]>, picked: string): Person[] {
  const byId = new Map(known);
  if (picked && !byId.has(picked)) byId.set(picked, picked);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The coaches' award history: filters, the table and the CSV of what is selected. */
export function CoachHistory({ athletes }: { athletes: AthleteOption[] }) {
  const [values, setValues] = useState<HistoryFilterValues>(NO_FILTERS);
  const filters = useMemo(() => historyQuery(values), [values]);
  const history = useAwardHistory(filters);
  const athleteList = useMemo(
    () => people([...athletes.map((a): [string, string] => [a.userId, a.name]), ...history.awards.map((a): [string, string] => [a.athleteId, a.athleteName])], values.athlete),
    [athletes, history.awards, values.athlete],
  );
  const coachList = useMemo(() => people(history.awards.map((a): [string, string] => [a.coachId, a.coachName]), values.coach), [history.awards, values.coach]);
  return (
    <div className="flex flex-col">
      <HistoryFilters values={values} onChange={setValues} athletes={athleteList} coaches={coachList} csvHref={history.csvHref} />
      <HistoryTable history={history} />
    </div>
  );
}

/** An athlete's own history: the last 30 days as a chart, then each award. */
export function MyHistory() {
  const history = useAwardHistory({}, { summaryDays: 30 });
  return <MyHistoryList history={history} />;
}
