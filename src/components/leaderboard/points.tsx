const scoreFormat = new Intl.NumberFormat("en");

/** "1,500 pts" on screen, "1,500 points" to a screen reader. */
export function Points({ value, signed }: { value: number; signed?: boolean }) {
  const text = `${signed && value > 0 ? "+" : value < 0 ? "−" : ""}${scoreFormat.format(Math.abs(value))}`;
  return (
    <span className="tabular-nums">
      {text}
      <span aria-hidden className="ml-0.5 text-xs font-normal text-current/80">
        pts
      </span>
      <span className="sr-only"> points</span>
    </span>
  );
}
