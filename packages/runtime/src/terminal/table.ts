import { sanitizeForTerminal } from './sanitize';
import { displayWidth, pad } from './text';

/** One column of {@link renderTable}. */
export interface TableColumn {
  header: string;
  /** Default `'left'`. */
  align?: 'left' | 'right';
  /** Widest the column gets, however long its cells. Default: no limit. */
  maxWidth?: number;
  /**
   * Narrowest the column may be cut to when the table is wider than `width`. Default: its
   * natural width, so it is never cut.
   */
  minWidth?: number;
  /**
   * Its share when columns are cut: the widest column relative to its weight is cut first, so
   * weights 1.2 and 1 end up at about 55% and 45% of the room. Default 1.
   */
  weight?: number;
}

/** Options of {@link renderTable}. */
export interface TableOptions {
  /** Columns the table may take. Default: no limit. */
  width?: number;
  /** A line of `-` under the header. Default `false`. */
  rule?: boolean;
  /** Between columns. Default two spaces. */
  gap?: string;
}

/**
 * Renders rows as aligned text columns fitted to `width` (the terminal's). Every cell is
 * sanitised ({@link sanitizeForTerminal}) before it is measured, then cut with `…` and padded to
 * its column, so each line takes exactly the columns the layout gives it (trailing spaces
 * trimmed) and nothing from a cell can move the cursor or change the terminal.
 */
export function renderTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): string[] {
  const { width = Number.POSITIVE_INFINITY, rule = false, gap = '  ' } = options;
  const cells = rows.map((row) => columns.map((_, i) => sanitizeForTerminal(row[i] ?? '')));
  const widths = columns.map((column, i) =>
    Math.min(
      column.maxWidth ?? Number.POSITIVE_INFINITY,
      Math.max(displayWidth(column.header), ...cells.map((row) => displayWidth(row[i]!))),
    ),
  );
  const floors = columns.map((column, i) => Math.min(widths[i]!, column.minWidth ?? widths[i]!));
  const total = () => widths.reduce((sum, w) => sum + w, 0) + gap.length * (columns.length - 1);
  while (total() > width) {
    let widest = -1;
    for (let i = 0; i < columns.length; i += 1) {
      if (widths[i]! <= floors[i]!) continue;
      const share = widths[i]! / (columns[i]!.weight ?? 1);
      if (widest < 0 || share > widths[widest]! / (columns[widest]!.weight ?? 1)) widest = i;
    }
    if (widest < 0) break; // every column at its floor: the table stays wider than asked
    widths[widest] = widths[widest]! - 1;
  }
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => pad(value, widths[i]!, columns[i]!.align))
      .join(gap)
      .trimEnd();
  return [
    line(columns.map((column) => column.header)),
    ...(rule ? [line(widths.map((w) => '-'.repeat(w)))] : []),
    ...cells.map(line),
  ];
}
