import { BLOCKING_CHECKS, type Database } from '@hn/storage';
import type { Kysely } from 'kysely';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The most days a grid spans: a year (8,784 hours in a leap year). */
export const MAX_GRID_DAYS = 366;

/** Which cells a grid shows: `failed` keeps failed runs and failing checks alike. */
export type GridFilter = 'all' | 'failed' | 'missing';

/** What {@link ReadModel.partitionGrid} takes. */
export interface PartitionGridQuery {
  /**
   * First day, Unix milliseconds (truncated to its UTC day); default: the grid ends on the day of
   * the newest partition (today when none is stored).
   */
  from?: number;
  /** Days, 1 to {@link MAX_GRID_DAYS}. */
  days: number;
  filter: GridFilter;
}

/**
 * One letter per hour, in `cells`: `c` completed, `x` completed but failing a data-quality
 * check (other than `freshness`, which is about the store), `f` failed, `r` running, `m` missing (no partition covers the hour), `.` filtered out.
 */
export type CellCode = 'c' | 'x' | 'f' | 'r' | 'm' | '.';

/** What {@link ReadModel.partitionGrid} answers: a day per row, an hour per column. */
export interface PartitionGrid {
  /** First day, ISO-8601 UTC midnight. */
  from: string;
  days: number;
  filter: GridFilter;
  /** `days * 24` {@link CellCode}s, hour by hour from `from`. */
  cells: string;
  /**
   * Hours by cell, before filtering: `completed` are clean, `checkFailed` completed but failing a
   * check.
   */
  counts: {
    completed: number;
    checkFailed: number;
    failed: number;
    running: number;
    missing: number;
  };
}

const CODE = { completed: 'c', failed: 'f', running: 'r' } as const;

/**
 * Reads the statuses of the partitions whose windows meet the grid's period (by the window-start
 * index), and paints each hour they cover; where windows overlap, the newest row wins.
 * Id-range partitions have no window and no cell.
 */
export async function readPartitionGrid(
  db: Kysely<Database>,
  query: PartitionGridQuery,
  now = Date.now(),
): Promise<PartitionGrid> {
  const days = Math.min(Math.max(Math.trunc(query.days), 1), MAX_GRID_DAYS);
  let fromMs: number;
  if (query.from === undefined) {
    const newest = await db
      .selectFrom('ingest_partitions')
      .select('window_start')
      .where('window_start', 'is not', null)
      .orderBy('window_start', 'desc')
      .limit(1)
      .executeTakeFirst();
    const end = newest?.window_start ? Date.parse(newest.window_start) : now;
    fromMs = Math.floor(end / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  } else {
    fromMs = Math.floor(query.from / DAY_MS) * DAY_MS;
  }
  const toMs = fromMs + days * DAY_MS;
  const hours = days * 24;
  const fromIso = new Date(fromMs).toISOString();
  const toIso = new Date(toMs).toISOString();
  // A partition can start before the grid and end inside it: look back one day (the longest
  // hourly-grid partition the schedules make), so the window-start index still bounds the scan.
  const rows = await db
    .selectFrom('ingest_partitions')
    .select((eb) => [
      'window_start',
      'window_end',
      'status',
      'updated_at',
      // By the checks' primary key (partition_key, check_name).
      eb
        .exists(
          eb
            .selectFrom('partition_checks')
            .select('partition_checks.partition_key')
            .whereRef('partition_checks.partition_key', '=', 'ingest_partitions.key')
            .where('partition_checks.status', '=', 'fail')
            // Freshness is the store's, not the partition's: it marks no cell.
            .where('partition_checks.check_name', 'in', BLOCKING_CHECKS),
        )
        .as('check_failed'),
    ])
    .where('window_start', '>=', new Date(fromMs - 31 * DAY_MS).toISOString())
    .where('window_start', '<', toIso)
    .where('window_end', '>', fromIso)
    .execute();
  const cells: string[] = new Array<string>(hours).fill('m');
  const paintedAt: string[] = new Array<string>(hours).fill('');
  for (const row of rows) {
    if (row.window_start === null || row.window_end === null) continue;
    const first = Math.max(0, Math.floor((Date.parse(row.window_start) - fromMs) / HOUR_MS));
    const last = Math.min(hours, Math.ceil((Date.parse(row.window_end) - fromMs) / HOUR_MS));
    for (let hour = first; hour < last; hour += 1) {
      if (row.updated_at < paintedAt[hour]!) continue;
      // SQLite answers 0 or 1, PostgreSQL a boolean.
      cells[hour] =
        row.status === 'completed' && Boolean(row.check_failed) ? 'x' : CODE[row.status];
      paintedAt[hour] = row.updated_at;
    }
  }
  const counts = { completed: 0, checkFailed: 0, failed: 0, running: 0, missing: 0 };
  for (const cell of cells) {
    if (cell === 'c') counts.completed += 1;
    else if (cell === 'x') counts.checkFailed += 1;
    else if (cell === 'f') counts.failed += 1;
    else if (cell === 'r') counts.running += 1;
    else counts.missing += 1;
  }
  const keep = query.filter === 'failed' ? 'fx' : query.filter === 'missing' ? 'm' : undefined;
  const shown =
    keep === undefined ? cells : cells.map((cell) => (keep.includes(cell) ? cell : '.'));
  return { from: fromIso, days, filter: query.filter, cells: shown.join(''), counts };
}
