// Number formats and tables shared by the console report and docs/performance.md. Pure.

export type Row = (string | number)[];

/** A table as data: the console prints it as text, the page as Markdown. */
export interface Table {
  headers: string[];
  rows: Row[];
}

/** `x` with exactly `digits` decimals and thousands separators; '–' when there is no number. */
export function fmt(x: number | undefined, digits = 1): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Bytes as KB (1 KB = 1000 bytes), one decimal. */
export const kb = (bytes: number) => fmt(bytes / 1000, 1);
export const usd = (x: number) => `$${fmt(x, 2)}`;
export const pct = (share: number) => `${fmt(share * 100, 0)}%`;
export const times = (x: number | undefined, digits = 2) => `${fmt(x, digits)}×`;

/** A per-lead quantity: three decimals, or scientific notation below 0.1. */
export function quantity(x: number): string {
  if (x === 0) return '0';
  if (x >= 0.1) return fmt(x, 3);
  return x.toExponential(2);
}

/** "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A fixed-width text table: text columns left-aligned, numeric ones right-aligned. */
export function textTable({ headers, rows }: Table): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = numericColumns({ headers, rows });
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** A Markdown table: text columns left-aligned, numeric ones right-aligned. */
export function mdTable({ headers, rows }: Table): string {
  const escapeCell = (c: string | number) => String(c).replace(/\|/g, '\\|');
  const numeric = numericColumns({ headers, rows });
  return [
    `| ${headers.map(escapeCell).join(' | ')} |`,
    `| ${headers.map((_, i) => (numeric[i] ? '--:' : ':--')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ].join('\n');
}

function numericColumns({ headers, rows }: Table): boolean[] {
  return headers.map((_, i) => rows.every((r) => isNumeric(String(r[i] ?? ''))));
}

function isNumeric(cell: string): boolean {
  return /^[-+$]?[\d,.]*\d[\d,.]*(e[-+]?\d+)?\s*(×|%|ms|KB|USD|requests|leads|turns)?$|^–?$/.test(cell);
}
