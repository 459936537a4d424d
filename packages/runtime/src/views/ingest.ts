import { renderTable } from '../terminal/table';
import { fit } from '../terminal/text';
import {
  CHECK_STATUSES,
  ITEM_TYPES,
  type PartitionRow,
  type BackfillProgress,
  type HackerNewsBackfillResult,
  type HackerNewsIngestResult,
  type IngestPartitionRecord,
  type IngestProgress,
  type PartitionCheckResult,
} from '@hn/contract';

const HOUR_MS = 3_600_000;

/**
 * One line of an ingest's progress, e.g. `ingesting [####------] 4,000/10,000 ids  812/s  ETA 7s`,
 * at most `width` columns. The phase comes from the workflow's query and is sanitised.
 */
export function ingestProgressLine(progress: IngestProgress, width: number): string {
  const phase = fit(String(progress.phase), 12).padEnd(9);
  const total = progress.total;
  const rate = progress.itemsPerSecond;
  const remaining = Math.max(0, total - progress.done);
  const eta = rate > 0 && total > 0 ? `ETA ${formatSeconds(remaining / rate)}` : 'ETA ?';
  const counts = `${num(progress.done)}/${total ? num(total) : '?'} ids  ${num(Math.round(rate))}/s  ${eta}`;
  const barWidth = Math.max(10, Math.min(40, width - counts.length - phase.length - 4));
  const done = total ? Math.min(barWidth, Math.round((progress.done / total) * barWidth)) : 0;
  return fit(`${phase} [${'#'.repeat(done)}${'-'.repeat(barWidth - done)}] ${counts}`, width);
}

/** The summary of a finished ingest: one row per item type, then missing, invalid and the total. */
export function ingestSummary(
  result: HackerNewsIngestResult,
  ids: { workflowId: string; runId: string },
  width: number,
): string {
  const { counts } = result;
  const rows: string[][] = [
    ...ITEM_TYPES.map((type) => [type, num(counts.byType[type])]),
    [
      '(untyped tombstone)',
      num(counts.items - ITEM_TYPES.reduce((s, t) => s + counts.byType[t], 0)),
    ],
    ['items', num(counts.items)],
    ['missing', num(counts.missing)],
    ['invalid', num(counts.invalid)],
    ['total ids', num(result.total)],
  ];
  const range = result.window
    ? `${result.window.start} to ${result.window.end} (ids ${rangeText(result.fromId, result.toId)})`
    : `ids ${rangeText(result.fromId, result.toId)}`;
  const lines = [
    `Ingested ${range}`,
    '',
    ...renderTable([{ header: 'type' }, { header: 'count', align: 'right' }], rows, {
      width,
      rule: true,
    }),
    '',
    `deleted ${num(counts.deleted)}, dead ${num(counts.dead)}, ${num(counts.bytes)} bytes`,
  ];
  if (result.invalidSample.length > 0) {
    lines.push(
      `invalid ids (first ${result.invalidSample.length}): ${result.invalidSample.join(', ')}`,
    );
  }
  lines.push(
    `${formatSeconds(result.durationMs / 1000)}, ${num(Math.round(result.itemsPerSecond))} ids/s, continued as new ${result.continuedAsNew} times`,
    `Workflow ${ids.workflowId} run ${ids.runId}`,
  );
  return lines.join('\n');
}

/**
 * One line of a backfill's progress, e.g.
 * `running [######----] 10/24 partitions  4 in flight  2 skipped  0 failed  30,112 items`.
 */
export function backfillProgressLine(progress: BackfillProgress, width: number): string {
  const phase = fit(String(progress.phase), 12).padEnd(8);
  const settled = progress.completed + progress.skipped + progress.failed;
  const counts =
    `${num(settled)}/${num(progress.total)} partitions  ${progress.inFlight} in flight  ` +
    `${num(progress.skipped)} skipped  ${num(progress.failed)} failed  ${num(progress.counts.items)} items`;
  const barWidth = Math.max(10, Math.min(30, width - counts.length - phase.length - 4));
  const done = progress.total
    ? Math.min(barWidth, Math.round((settled / progress.total) * barWidth))
    : 0;
  return fit(`${phase} [${'#'.repeat(done)}${'-'.repeat(barWidth - done)}] ${counts}`, width);
}

/**
 * The summary of a finished backfill: partitions by outcome, what they stored, the parallelism
 * reached, then the failed partitions (the first 20) with their failure.
 */
export function backfillSummary(
  result: HackerNewsBackfillResult,
  ids: { workflowId: string; runId: string },
  width: number,
): string {
  const { counts } = result;
  const rows: string[][] = [
    ['in the period', num(result.total)],
    ['completed', num(result.completed)],
    ['skipped (already completed)', num(result.skipped)],
    ['failed', num(result.failed)],
    ['items stored', num(counts.items)],
    ['missing ids', num(counts.missing)],
    ['invalid ids', num(counts.invalid)],
    ['most in flight', `${result.maxInFlight} of ${result.parallelism}`],
  ];
  const lines = [
    `Backfilled ${result.window.start} to ${result.window.end} in ${result.partition} partitions (${result.mode})`,
    '',
    ...renderTable([{ header: 'partitions' }, { header: 'count', align: 'right' }], rows, {
      width,
      rule: true,
    }),
  ];
  if (result.failedPartitions.length > 0) {
    lines.push(
      '',
      `Failed partitions${result.failed > result.failedPartitions.length ? ` (first ${result.failedPartitions.length} of ${num(result.failed)})` : ''}:`,
      ...renderTable(
        [
          // A key is 56 characters; the message is cut first.
          { header: 'partition', minWidth: 56 },
          { header: 'type' },
          { header: 'message', minWidth: 10, weight: 1 },
        ],
        result.failedPartitions.map((p) => [p.key, p.type, p.message]),
        { width, rule: true },
      ),
    );
  }
  lines.push(
    '',
    `${formatSeconds(result.durationMs / 1000)}, continued as new ${result.continuedAsNew} times`,
    `Workflow ${ids.workflowId} run ${ids.runId}`,
  );
  return lines.join('\n');
}

/** A row of `ingest status`: a stored partition, or what no partition covers before it. */
export type StatusRow = PartitionRow<IngestPartitionRecord>;

/** The check results of each partition, by partition key. */
export function checksByPartition(
  results: readonly PartitionCheckResult[],
): Map<string, PartitionCheckResult[]> {
  const byKey = new Map<string, PartitionCheckResult[]>();
  for (const result of results) {
    const list = byKey.get(result.partitionKey);
    if (list) list.push(result);
    else byKey.set(result.partitionKey, [result]);
  }
  return byKey;
}

/**
 * A partition's checks in a word: `pass`, or the worst status and the checks that have it
 * (`fail: contiguity`, `warn: maxitem, freshness`); `-` before any check ran.
 */
export function checksText(results: readonly PartitionCheckResult[] | undefined): string {
  if (!results || results.length === 0) return '-';
  for (const status of ['fail', 'warn'] as const) {
    const names = results.filter((result) => result.status === status).map((r) => r.check);
    if (names.length > 0) return `${status}: ${names.join(', ')}`;
  }
  return 'pass';
}

/**
 * `ingest status` as JSON values: a gap row with its window and ids (`null` for the side it does
 * not have), a partition row with its record and its checks.
 */
export function statusJson(
  rows: readonly StatusRow[],
  checks: ReadonlyMap<string, readonly PartitionCheckResult[]> = new Map(),
): unknown[] {
  return rows.map((row) =>
    row.kind === 'gap'
      ? {
          kind: 'gap',
          windowStart: row.window?.start ?? null,
          windowEnd: row.window?.end ?? null,
          fromId: row.ids?.fromId ?? null,
          toId: row.ids?.toId ?? null,
        }
      : { kind: 'partition', ...row.partition, checks: checks.get(row.partition.key) ?? [] },
  );
}

/**
 * `ingest status` as a table: window, id range, items, missing, status, checks, workflow and run
 * id.
 */
export function statusTable(
  rows: readonly StatusRow[],
  width: number,
  checks: ReadonlyMap<string, readonly PartitionCheckResult[]> = new Map(),
): string {
  if (rows.length === 0) return 'No partitions stored.';
  const cells = rows.map((row) => {
    if (row.kind === 'gap') {
      const { window, ids } = row;
      const hours = window && (Date.parse(window.end) - Date.parse(window.start)) / HOUR_MS;
      const size =
        hours !== null
          ? `${Number.isInteger(hours) ? hours : hours.toFixed(2)}h`
          : `${num(ids!.toId - ids!.fromId + 1)} ids`;
      return [
        window ? `${window.start} to ${window.end}` : '',
        ids ? rangeText(ids.fromId, ids.toId) : '',
        '',
        '',
        `gap (${size})`,
        '',
        '',
        '',
      ];
    }
    const p = row.partition;
    return [
      p.windowStart !== null ? `${p.windowStart} to ${p.windowEnd}` : '(id range)',
      rangeText(p.fromId, p.toId),
      p.counts ? num(p.counts.items) : '-',
      p.counts ? num(p.counts.missing) : '-',
      p.status,
      checksText(checks.get(p.key)),
      p.workflowId,
      p.runId,
    ];
  });
  return renderTable(
    [
      { header: 'window', minWidth: 10 },
      { header: 'ids' },
      { header: 'items', align: 'right' },
      { header: 'missing', align: 'right' },
      { header: 'status' },
      { header: 'checks', minWidth: 6, weight: 1 },
      { header: 'workflow id', minWidth: 8, weight: 1 },
      { header: 'run id', minWidth: 8, weight: 1 },
    ],
    cells,
    { width, rule: true },
  ).join('\n');
}

function rangeText(fromId: number, toId: number): string {
  return toId < fromId ? '(none)' : `${fromId}..${toId}`;
}

function num(n: number): string {
  return n.toLocaleString('en-US');
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * `ingest check`'s results as a table (partition, check, status, value, message), then a line of
 * totals by status.
 */
export function checkTable(results: readonly PartitionCheckResult[], width: number): string {
  if (results.length === 0) return 'No completed partitions to check.';
  const lines = renderTable(
    [
      { header: 'partition' },
      { header: 'check' },
      { header: 'status' },
      { header: 'value', align: 'right' },
      { header: 'message', minWidth: 20, weight: 2 },
    ],
    results.map((result) => [
      result.partitionKey,
      result.check,
      result.status,
      valueText(result),
      result.message,
    ]),
    { width, rule: true },
  );
  const totals = new Map(CHECK_STATUSES.map((status) => [status, 0]));
  for (const { status } of results) totals.set(status, (totals.get(status) ?? 0) + 1);
  const partitions = new Set(results.map((result) => result.partitionKey)).size;
  lines.push(
    '',
    `${results.length} checks of ${partitions} partition${partitions === 1 ? '' : 's'}: ` +
      CHECK_STATUSES.map((status) => `${totals.get(status)} ${status}`).join(', '),
  );
  return lines.join('\n');
}

function valueText(result: PartitionCheckResult): string {
  if (result.value === null) return '-';
  switch (result.check) {
    case 'missing_ids':
      return `${Number((result.value * 100).toFixed(2))}%`;
    case 'freshness':
      return `${result.value} s`;
    default:
      return result.value.toLocaleString('en-US');
  }
}

/**
 * What failed among check `results`, counting only the `blocking` checks (a store's staleness is
 * no partition's failure), as one sentence that says what to do; `undefined` when none failed.
 */
export function checkFailureText(
  results: readonly PartitionCheckResult[],
  blocking: readonly string[],
): string | undefined {
  const failed = results.filter((r) => r.status === 'fail' && blocking.includes(r.check));
  if (failed.length === 0) return undefined;
  const partitions = new Set(failed.map((result) => result.partitionKey)).size;
  return (
    `${failed.length} check${failed.length === 1 ? '' : 's'} of ${partitions} partition` +
    `${partitions === 1 ? '' : 's'} failed (${[...new Set(failed.map((r) => r.check))].join(', ')}). ` +
    "'ingest backfill' over their period runs them again."
  );
}
