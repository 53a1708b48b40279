"use client";

import { Award, Undo2 } from "lucide-react";
import { useId, useRef, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { useIdempotencyKey } from "@/hooks/use-idempotency-key";
import type { useLeaderboard } from "@/hooks/use-pusher";
import { ApiError } from "@/lib/api-client";
import { MAX_POINTS } from "@/lib/limits";
import { cn } from "@/lib/utils";

import { AthleteCombobox, type AthleteOption } from "./athlete-combobox";
import { useUndoWindow } from "./use-undo-window";

export type { AthleteOption } from "./athlete-combobox";

export const QUICK_AMOUNTS = [5, 10, 25] as const;
const DEFAULT_POINTS = "10";
export const MAX_REASON = 80;

type Board = ReturnType<typeof useLeaderboard>;
interface Given {
  awardId: string | undefined;
  name: string;
  points: number;
  reason: string;
}

/**
 * Coaches award points: pick an athlete (a searchable combobox), a quick
 * amount or any whole number, an optional reason. After an award the form
 * starts again and offers Undo for UNDO_MS.
 */
export function AwardPointsForm({
  athletes,
  updateScore,
  undoAward,
  classId,
}: {
  athletes: AthleteOption[];
  updateScore: Board["updateScore"];
  undoAward?: (awardId: string) => Promise<unknown>;
  /** Awards given here also count on this class's boards. */
  classId?: string;
}) {
  const id = useId();
  const [athlete, setAthlete] = useState<AthleteOption | null>(null);
  const [points, setPoints] = useState(DEFAULT_POINTS);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<{ field: "athlete" | "points" | "form"; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  // A failure worth trying again (no answer, a timeout, 503): the button offers Retry.
  const [retryable, setRetryable] = useState(false);
  // Set before the first await, so a second submit in the same tick is refused too.
  const inFlight = useRef(false);
  const { keyFor, settle } = useIdempotencyKey();
  const undo = useUndoWindow<Given>();
  const [undoing, setUndoing] = useState(false);
  const [notice, setNotice] = useState("");

  /** Changed inputs are a new award: Retry no longer applies. */
  function edited() {
    setRetryable(false);
    setError(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (inFlight.current) return;
    const amount = Number(points);
    if (!athlete) return setError({ field: "athlete", text: "Pick an athlete." });
    if (points.trim() === "" || !Number.isInteger(amount) || amount === 0 || Math.abs(amount) > MAX_POINTS) {
      return setError({ field: "points", text: `Points must be a whole number from -${MAX_POINTS} to ${MAX_POINTS}, not zero.` });
    }
    const trimmed = reason.trim();
    const details = { ...(athlete.ranked ? {} : { name: athlete.name }), ...(trimmed ? { reason: trimmed } : {}), ...(classId ? { classId } : {}) };
    // One key per intended award: a retry of the same inputs reuses it, so it lands once.
    const idempotencyKey = keyFor(JSON.stringify([athlete.userId, amount, details]));
    inFlight.current = true;
    setError(null);
    setPending(true);
    try {
      const result: unknown = await updateScore(athlete.userId, amount, { ...details, idempotencyKey });
      settle();
      setRetryable(false);
      const given = { awardId: awardIdOf(result), name: athlete.name, points: amount, reason: trimmed };
      setNotice(`${signed(amount)} for ${athlete.name}${trimmed ? ` (${trimmed})` : ""}.`);
      undo.offer(given);
      // Ready for the next award.
      setAthlete(null);
      setPoints(DEFAULT_POINTS);
      setReason("");
      document.getElementById(`${id}-athlete`)?.focus();
    } catch (caught) {
      setRetryable(caught instanceof ApiError && caught.retryable);
      setError({ field: "form", text: caught instanceof Error ? caught.message : "Could not award points." });
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }

  async function undoLast() {
    const given = undo.offered;
    if (!given?.awardId || !undoAward || undoing) return;
    setUndoing(true);
    try {
      await undoAward(given.awardId);
      undo.close();
      setNotice(`Undone: ${signed(given.points)} for ${given.name}.`);
    } catch (caught) {
      setError({ field: "form", text: caught instanceof Error ? `Could not undo: ${caught.message}` : "Could not undo the award." });
    } finally {
      setUndoing(false);
    }
  }

  const pointsError = error?.field === "points";
  return (
    <form onSubmit={submit} aria-label="Award points" noValidate className="flex flex-col gap-3 border-b border-border bg-muted px-3 py-3 sm:px-4">
      <div className="grid gap-3 sm:grid-cols-[minmax(12rem,1fr)_auto] lg:grid-cols-[minmax(12rem,1fr)_auto_minmax(12rem,1fr)_auto] lg:items-end">
        <AthleteCombobox
          athletes={athletes}
          selected={athlete}
          inputId={`${id}-athlete`}
          invalid={error?.field === "athlete"}
          describedBy={error?.field === "athlete" ? `${id}-error` : undefined}
          onSelect={(next) => {
            setAthlete(next);
            edited();
          }}
        />
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${id}-points`}>Points</Label>
          <div className="flex items-center gap-1.5">
            <div role="group" aria-label="Quick amounts" className="flex gap-1">
              {QUICK_AMOUNTS.map((amount) => (
                <Button
                  key={amount}
                  variant="outline"
                  size="sm"
                  aria-pressed={points === String(amount)}
                  aria-label={`+${amount} points`}
                  className="h-9 aria-pressed:border-primary aria-pressed:bg-accent aria-pressed:text-accent-foreground"
                  onClick={() => {
                    setPoints(String(amount));
                    edited();
                  }}
                >
                  +{amount}
                </Button>
              ))}
            </div>
            <Input
              id={`${id}-points`}
              type="number"
              inputMode="numeric"
              step={1}
              min={-MAX_POINTS}
              max={MAX_POINTS}
              value={points}
              aria-invalid={pointsError || undefined}
              aria-describedby={pointsError ? `${id}-error` : undefined}
              className="w-20"
              onChange={(e) => {
                setPoints(e.target.value);
                edited();
              }}
            />
          </div>
        </div>
        <div className="flex flex-col gap-1 sm:col-span-2 lg:col-span-1">
          <Label htmlFor={`${id}-reason`}>
            Reason <span className="font-normal text-muted-foreground">(optional)</span>
          </Label>
          <Input
            id={`${id}-reason`}
            value={reason}
            maxLength={MAX_REASON}
            placeholder="e.g. PR deadlift"
            aria-describedby={`${id}-reason-count`}
            onChange={(e) => {
              setReason(e.target.value);
              edited();
            }}
          />
          <span id={`${id}-reason-count`} className={cn("text-xs text-muted-foreground", reason.length < MAX_REASON - 20 && "sr-only")}>
            {reason.length} of {MAX_REASON} characters
          </span>
        </div>
        <Button type="submit" disabled={pending} className="sm:col-span-2 sm:justify-self-start lg:col-span-1 lg:mb-0">
          <Award aria-hidden className="size-4" />
          {pending ? "Awarding…" : retryable ? "Retry" : "Award"}
        </Button>
      </div>
      <div className="flex min-h-0 flex-wrap items-center gap-2 empty:hidden">
        <p aria-live="polite" className={cn("text-sm", !notice && "sr-only")}>
          {notice}
        </p>
        {undo.offered?.awardId && undoAward && (
          <Button variant="outline" size="sm" onClick={undoLast} disabled={undoing}>
            <Undo2 aria-hidden className="size-4" />
            {undoing ? "Undoing…" : "Undo"}
            {!undoing && (
              <span aria-hidden className="text-xs text-muted-foreground tabular-nums">
                {undo.secondsLeft} s
              </span>
            )}
          </Button>
        )}
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-destructive">
          {error.text}
        </p>
      )}
    </form>
  );
}

function signed(points: number): string {
  return `${points > 0 ? "+" : "−"}${Math.abs(points)}`;
}

/** The id of the award a POST recorded (the first of `awards`), when the server says. */
function awardIdOf(result: unknown): string | undefined {
  const awards = (result as { awards?: { id?: unknown }[] } | null)?.awards;
  const first = awards?.[0]?.id;
  return typeof first === "string" ? first : undefined;
}
