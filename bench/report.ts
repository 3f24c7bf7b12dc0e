/**
 * Printing: one markdown table per scenario and a table of the goals. Pure string functions,
 * unit-tested on fixed inputs.
 */

/** A scenario's table. */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  /** Lines printed under the table. */
  notes?: string[];
}

function escapeCell(cell: string): string {
  return cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Renders a table as GitHub markdown, columns padded so it also reads well in a terminal. */
export function formatTable(table: Table): string {
  const cells = [table.columns, ...table.rows].map((row) =>
    table.columns.map((_, index) => escapeCell(row[index] ?? '')),
  );
  const widths = table.columns.map((_, index) => Math.max(3, ...cells.map((row) => [...row[index]!].length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, index) => cell + ' '.repeat(widths[index]! - [...cell].length)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  const [header, ...body] = cells;
  const parts = [`### ${table.title}`, '', line(header!), rule, ...body.map(line)];
  if (table.notes?.length) parts.push('', ...table.notes.map((note) => `- ${note}`));
  return `${parts.join('\n')}\n`;
}

/** `1234.5` → `"1,235"`; `NaN` → `"–"`. */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
}

/** Milliseconds, whole above 10 ms, one decimal below. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 10 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

/** A ratio as `1.23×`. */
export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '–';
}

/** A share as `99.5%` (one decimal; `100%` only when exactly whole). */
export function formatShare(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const share = (part / whole) * 100;
  return share === 100 ? '100%' : `${share.toFixed(1)}%`;
}

/** MiB with one decimal. */
export function formatMiB(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '–' : `${value.toFixed(1)} MiB`;
}

/** The "validated" column: every answer checked, and how many failed. */
export function formatValidated(summary: { checked: number; invalid: number }): string {
  if (summary.checked === 0) return 'no answers';
  return summary.invalid === 0
    ? `validated (${formatCount(summary.checked)}/${formatCount(summary.checked)})`
    : `INVALID ${formatCount(summary.invalid)}/${formatCount(summary.checked)}`;
}

/** One of issue 6's goals and how this run did. */
export interface GoalVerdict {
  goal: string;
  target: string;
  measured: string;
  /** `null` when the goal has no target (only reported) or the run could not measure it (said in `measured`). */
  met: boolean | null;
}

/** The goals table. */
export function goalsTable(goals: readonly GoalVerdict[]): Table {
  return {
    title: 'Goals of issue 6',
    columns: ['goal', 'target', 'measured', 'met'],
    rows: goals.map((goal) => [
      goal.goal,
      goal.target,
      goal.measured,
      goal.met === null ? '– (reported)' : goal.met ? 'yes' : 'NOT YET',
    ]),
  };
}
