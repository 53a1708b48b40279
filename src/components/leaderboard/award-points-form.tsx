"use client";

import { Award } from "lucide-react";
import { useId, useRef, useState, type FormEvent } from "react";
import { toast } from "sonner";

import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { useIdempotencyKey } from "@/hooks/use-idempotency-key";
import type { useLeaderboard } from "@/hooks/use-pusher";
import { ApiError } from "@/lib/api-client";
import { MAX_POINTS } from "@/lib/limits";

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
  // A failure worth trying again (no answer, a timeout, 503): the button offers Retry.
  const [retryable, setRetryable] = useState(false);
  // Set before the first await, so a second submit in the same tick is refused too.
  const inFlight = useRef(false);
  const { keyFor, settle } = useIdempotencyKey();

  /** Changed inputs are a new award: Retry no longer applies. */
  function edit(set: (value: string) => void, value: string) {
    set(value);
    setRetryable(false);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (inFlight.current) return;
    const athlete = athletes.find((a) => a.userId === userId);
    const amount = Number(points);
    if (!athlete) return setError("Pick an athlete.");
    if (!Number.isInteger(amount) || amount === 0 || Math.abs(amount) > MAX_POINTS) {
      return setError(`Points must be a whole number from -${MAX_POINTS} to ${MAX_POINTS}, not zero.`);
    }
    const details = {
      ...(athlete.ranked ? {} : { name: athlete.name }),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    };
    // One key per intended award: a retry of the same inputs reuses it, so it lands once.
    const idempotencyKey = keyFor(JSON.stringify([athlete.userId, amount, details]));
    inFlight.current = true;
    setError(null);
    setPending(true);
    try {
      await updateScore(athlete.userId, amount, { ...details, idempotencyKey });
      settle();
      setRetryable(false);
      toast.success(`${amount > 0 ? "+" : ""}${amount} for ${athlete.name}`);
      setReason("");
    } catch (caught) {
      setRetryable(caught instanceof ApiError && caught.retryable);
      setError(caught instanceof Error ? caught.message : "Could not award points.");
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Award points" className="flex flex-wrap items-end gap-3 border-b border-border bg-muted px-4 py-3">
      <div className="flex min-w-40 flex-1 flex-col gap-1">
        <Label htmlFor={`${id}-athlete`}>Athlete</Label>
        <Select id={`${id}-athlete`} value={userId} onChange={(e) => edit(setUserId, e.target.value)}>
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
        <Input id={`${id}-points`} type="number" inputMode="numeric" step={1} value={points} onChange={(e) => edit(setPoints, e.target.value)} />
      </div>
      <div className="flex min-w-40 flex-[2] flex-col gap-1">
        <Label htmlFor={`${id}-reason`}>Reason</Label>
        <Input id={`${id}-reason`} value={reason} maxLength={200} placeholder="e.g. Sprint personal best" onChange={(e) => edit(setReason, e.target.value)} />
      </div>
      <Button type="submit" disabled={pending}>
        <Award aria-hidden className="size-4" />
        {pending ? "Awarding…" : retryable ? "Retry" : "Award"}
      </Button>
      {error && (
        <p role="alert" className="w-full text-sm text-destructive">
          {error}
        </p>
      )}
    </form>
  );
}
