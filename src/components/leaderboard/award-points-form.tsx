"use client";

import { Award } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";

import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import type { useLeaderboard } from "@/hooks/use-pusher";
import { ApiError } from "@/lib/api-client";
import { MAX_POINTS } from "@/lib/schemas";

export interface AthleteOption {
  userId: string;
  name: string;
  /** Already on the board (no name needs to be sent). */
  ranked: boolean;
}

/** Coaches award points: pick an athlete, give points and a reason. */
export function AwardPointsForm({
  athletes,
  updateScore,
}: {
  athletes: AthleteOption[];
  updateScore: ReturnType<typeof useLeaderboard>["updateScore"];
}) {
  const id = useId();
  const [userId, setUserId] = useState("");
  const [points, setPoints] = useState("10");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const athlete = athletes.find((a) => a.userId === userId);
    const amount = Number(points);
    if (!athlete) return setError("Pick an athlete.");
    if (!Number.isInteger(amount) || amount === 0 || Math.abs(amount) > MAX_POINTS) {
      return setError(`Points must be a whole number from -${MAX_POINTS} to ${MAX_POINTS}, not zero.`);
    }
    setError(null);
    setPending(true);
    try {
      await updateScore(athlete.userId, amount, {
        ...(athlete.ranked ? {} : { name: athlete.name }),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      toast.success(`${amount > 0 ? "+" : ""}${amount} for ${athlete.name}`);
      setReason("");
    } catch (caught) {
      setError(caught instanceof ApiError || caught instanceof Error ? caught.message : "Could not award points.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Award points" className="flex flex-wrap items-end gap-3 border-b border-slate-200 bg-slate-50 px-4 py-3">
      <div className="flex min-w-40 flex-1 flex-col gap-1">
        <Label htmlFor={`${id}-athlete`}>Athlete</Label>
        <Select id={`${id}-athlete`} value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">{athletes.length ? "Choose an athlete…" : "No athletes yet"}</option>
          {athletes.map((athlete) => (
            <option key={athlete.userId} value={athlete.userId}>
              {athlete.name}
              {athlete.ranked ? "" : " (new)"}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex w-24 flex-col gap-1">
        <Label htmlFor={`${id}-points`}>Points</Label>
        <Input id={`${id}-points`} type="number" inputMode="numeric" step={1} value={points} onChange={(e) => setPoints(e.target.value)} />
      </div>
      <div className="flex min-w-40 flex-[2] flex-col gap-1">
        <Label htmlFor={`${id}-reason`}>Reason</Label>
        <Input id={`${id}-reason`} value={reason} maxLength={200} placeholder="e.g. Sprint personal best" onChange={(e) => setReason(e.target.value)} />
      </div>
      <Button type="submit" disabled={pending}>
        <Award aria-hidden className="size-4" />
        {pending ? "Awarding…" : "Award"}
      </Button>
      {error && (
        <p role="alert" className="w-full text-sm text-rose-600">
          {error}
        </p>
      )}
    </form>
  );
}
