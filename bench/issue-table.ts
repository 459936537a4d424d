// The table of "Speed and memory" in the issue on partitions ("Partitions you can trust, at the
// machine's limit"): each measure as it stood when the issue was filed, as measured now in this
// run, its goal and whether it is met. Printed by `pnpm bench` and `pnpm bench -- --only
// partitions`, which run the ingest and backfill parts it reads.
import type { runBackfillBench } from './backfill';
import type { runIngestBench } from './ingest';

type IngestFigures = Awaited<ReturnType<typeof runIngestBench>>['figures'];
type BackfillFigures = Awaited<ReturnType<typeof runBackfillBench>>['figures'];

/** One line of the table. */
export interface IssueRow {
  measure: string;
  /** As measured when the issue was filed (load average 1.1, 2 cores). */
  today: string;
  measured: string;
  goal: string;
  result: 'pass' | 'miss';
}

/** The figures the issue was filed with. */
export const ISSUE_TODAY = {
  backfillOverWholeFloor: 4.4,
  searchRequestsPerPartition: 40.5,
  ingestOverFloor: { sqlite: 1.15, postgres: 1.24 },
  peakRssMb: { small: 300, large: 407 },
  archiveHours: 4.4,
};

/** The goals of the issue. */
export const ISSUE_GOALS = {
  backfillOverWholeFloor: 1.2,
  searchRequestsPerPartition: 4,
  ingestOverFloor: 1.1,
  peakRssMb: 250,
  rssGrowth: 1.1,
  archiveHours: 3.6,
};

/** The issue's rows from this run's ingest and backfill figures. */
export function issueRows(ingest: IngestFigures, backfill: BackfillFigures): IssueRow[] {
  const today = ISSUE_TODAY;
  const goal = ISSUE_GOALS;
  const pg = 'unavailable' in ingest.postgres ? undefined : ingest.postgres.overFloor;
  const { smallPeakRssMb, peakRssMb, rssGrowth, smallIds } = ingest.memory;
  const ratio = (value: number) => `${value.toFixed(2)}x`;
  return [
    {
      measure: `backfill ${backfill.partitions} x ${backfill.itemsPerHour} ids, SQLite, parallelism ${backfill.parallelism} x c=${backfill.concurrency}, against the whole-range floor at c=${backfill.floor.wholeRange.concurrency}`,
      today: `${today.backfillOverWholeFloor}x`,
      measured: ratio(backfill.overWholeFloor),
      goal: `<= ${goal.backfillOverWholeFloor}x`,
      result: backfill.overWholeFloor <= goal.backfillOverWholeFloor ? 'pass' : 'miss',
    },
    {
      measure: 'window-search requests per partition inside a backfill',
      today: String(today.searchRequestsPerPartition),
      measured: String(backfill.backfill.searchRequestsPerPartition),
      goal: `<= ${goal.searchRequestsPerPartition}`,
      result:
        backfill.backfill.searchRequestsPerPartition <= goal.searchRequestsPerPartition
          ? 'pass'
          : 'miss',
    },
    {
      measure: `${ingest.ids}-id ingest against its floor, SQLite / PostgreSQL`,
      today: `${today.ingestOverFloor.sqlite}x / ${today.ingestOverFloor.postgres}x`,
      measured: `${ratio(ingest.sqlite.overFloor)} / ${pg === undefined ? 'not measured' : ratio(pg)}`,
      goal: `<= ${goal.ingestOverFloor}x / <= ${goal.ingestOverFloor}x`,
      result:
        ingest.sqlite.overFloor <= goal.ingestOverFloor &&
        pg !== undefined &&
        pg <= goal.ingestOverFloor
          ? 'pass'
          : 'miss',
    },
    {
      measure: `worker peak RSS at ${smallIds} / ${ingest.ids} ids`,
      today: `${today.peakRssMb.small} / ${today.peakRssMb.large} MB`,
      measured: `${smallPeakRssMb} / ${peakRssMb} MB (${ratio(rssGrowth)})`,
      goal: `<= ${goal.peakRssMb} MB each, second <= ${goal.rssGrowth}x first`,
      result:
        smallPeakRssMb <= goal.peakRssMb &&
        peakRssMb <= goal.peakRssMb &&
        rssGrowth <= goal.rssGrowth
          ? 'pass'
          : 'miss',
    },
    {
      measure: `whole archive (${ingest.archive.items / 1e6}M items) at the measured rate, one worker, SQLite`,
      today: `${today.archiveHours} h`,
      measured: `${ingest.archive.hours} h`,
      goal: `<= ${goal.archiveHours} h`,
      result: ingest.archive.hours <= goal.archiveHours ? 'pass' : 'miss',
    },
  ];
}

/** The rows as a plain-text table with aligned columns. */
export function formatIssueTable(rows: readonly IssueRow[]): string {
  const header = ['measure', 'today', 'measured', 'goal', 'result'];
  const cells = [
    header,
    ...rows.map((row) => [row.measure, row.today, row.measured, row.goal, row.result]),
  ];
  const widths = header.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  const format = (line: string[]) =>
    line
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [
    format(cells[0]!),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.slice(1).map(format),
  ].join('\n');
}
