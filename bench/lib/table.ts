/** Plain-text tables for the terminal; `leftColumns` are left-aligned (text), the others right-aligned (numbers). */
export function formatTable(headers: string[], rows: (string | number)[][], leftColumns = 1): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column < leftColumns ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  ");
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [line(headers), rule, ...cells.slice(1).map(line)].join("\n");
}

/** A number with thousands separators and at most `digits` decimals. */
export function num(value: number | undefined, digits = 1): string {
  if (value === undefined || Number.isNaN(value)) return "–";
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}
