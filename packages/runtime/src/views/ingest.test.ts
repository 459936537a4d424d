import {
  emptyIngestCounts,
  partitionRows,
  type HackerNewsBackfillResult,
  type HackerNewsIngestResult,
  type IngestPartitionRecord,
  type IngestProgress,
  type PartitionCheckResult,
} from '@hn/contract';
import { describe, expect, it } from 'vitest';
import {
  backfillProgressLine,
  backfillSummary,
  checkFailureText,
  checkTable,
  checksByPartition,
  checksText,
  ingestProgressLine,
  ingestSummary,
  statusJson,
  statusTable,
} from './ingest';

const RESULT: HackerNewsBackfillResult = {
  window: { start: '2025-01-01T00:00:00.000Z', end: '2025-01-02T00:00:00.000Z' },
  partition: '1h',
  mode: 'skip-completed',
  parallelism: 4,
  total: 24,
  completed: 20,
  skipped: 1,
  failed: 3,
  counts: { ...emptyIngestCounts(), items: 61_234, missing: 17 },
  failedPartitions: [
    {
      key: 'window:2025-01-01T05:00:00.000Z/2025-01-01T06:00:00.000Z',
      workflowId: 'hackernews-ingest/window:2025-01-01T05:00:00.000Z/2025-01-01T06:00:00.000Z',
      type: 'HackerNewsIngestFailed',
      message: 'Ingest of … failed: 1 chunk(s) could not be stored',
    },
  ],
  maxInFlight: 4,
  continuedAsNew: 0,
  startedAt: '2025-02-01T00:00:00.000Z',
  finishedAt: '2025-02-01T00:01:05.000Z',
  durationMs: 65_000,
};

describe('backfill output', () => {
  it('prints partitions by outcome, then the failed ones, saying how many are not listed', () => {
    const text = backfillSummary(RESULT, { workflowId: 'hackernews-backfill', runId: 'r-1' }, 120);
    expect(text).toMatch(/^completed\s+20$/m);
    expect(text).toMatch(/^failed\s+3$/m);
    expect(text).toMatch(/^items stored\s+61,234$/m);
    expect(text).toMatch(/^most in flight\s+4 of 4$/m);
    expect(text).toContain('Failed partitions (first 1 of 3):');
    expect(text).toMatch(
      /window:2025-01-01T05:00:00.000Z\/2025-01-01T06:00:00.000Z\s+HackerNewsIngestFailed\s+Ingest of/,
    );
    expect(text.split('\n').slice(-2)).toEqual([
      '1m05s, continued as new 0 times',
      'Workflow hackernews-backfill run r-1',
    ]);
  });

  it('draws one progress line within the width', () => {
    const line = backfillProgressLine(
      {
        ...RESULT,
        phase: 'running',
        inFlight: 3,
        inFlightKeys: [],
        nextStart: RESULT.window.start,
      },
      100,
    );
    expect(line.length).toBeLessThanOrEqual(100);
    expect(line).toMatch(
      /^running +\[#+-*\] 24\/24 partitions {2}3 in flight {2}1 skipped {2}3 failed {2}61,234 items$/,
    );
  });
});

const check = (
  partitionKey: string,
  name: PartitionCheckResult['check'],
  status: PartitionCheckResult['status'],
  value: number | null,
): PartitionCheckResult => ({
  partitionKey,
  check: name,
  status,
  value,
  message: `${name} ${status}`,
  checkedAt: '2025-02-01T00:00:00.000Z',
});

const CHECKS = [
  check('window:a/b', 'contiguity', 'pass', 0),
  check('window:a/b', 'missing_ids', 'fail', 0.125),
  check('window:b/c', 'freshness', 'warn', 30),
  check('window:b/c', 'maxitem', 'warn', null),
];

describe('partition checks', () => {
  it('groups results by partition and says each partition in a word', () => {
    const byKey = checksByPartition(CHECKS);
    expect([...byKey.keys()]).toEqual(['window:a/b', 'window:b/c']);
    expect(checksText(byKey.get('window:a/b'))).toBe('fail: missing_ids');
    expect(checksText(byKey.get('window:b/c'))).toBe('warn: freshness, maxitem');
    expect(checksText([CHECKS[0]!])).toBe('pass');
    expect(checksText(undefined)).toBe('-');
  });

  it('prints one row per check with its value in its unit, then totals by status', () => {
    const lines = checkTable(CHECKS, 120).split('\n');
    expect(lines[0]).toMatch(/^partition\s+check\s+status\s+value\s+message$/);
    expect(lines[3]).toMatch(/^window:a\/b\s+missing_ids\s+fail\s+12\.5%\s+missing_ids fail$/);
    expect(lines[4]).toMatch(/freshness\s+warn\s+30 s/);
    expect(lines[5]).toMatch(/maxitem\s+warn\s+-\s/);
    expect(lines.at(-1)).toBe('4 checks of 2 partitions: 1 pass, 2 warn, 1 fail');
    expect(checkTable([], 80)).toBe('No completed partitions to check.');
  });
});

describe('checkFailureText', () => {
  it('counts the failed blocking checks and their partitions, and says what to do', () => {
    const results = [
      check('window:a/b', 'contiguity', 'fail', 1),
      check('window:b/c', 'contiguity', 'fail', 1),
      check('window:b/c', 'missing_ids', 'fail', 0.5),
      check('window:c/d', 'freshness', 'fail', 9_000),
      check('window:c/d', 'maxitem', 'warn', 1),
    ];
    expect(checkFailureText(results, ['contiguity', 'missing_ids', 'maxitem'])).toBe(
      "3 checks of 2 partitions failed (contiguity, missing_ids). 'ingest backfill' over their period runs them again.",
    );
    expect(checkFailureText(results.slice(0, 1), ['contiguity'])).toMatch(
      /^1 check of 1 partition failed \(contiguity\)\./,
    );
  });

  it('is undefined when only warnings or non-blocking checks failed', () => {
    expect(checkFailureText(CHECKS, ['contiguity'])).toBeUndefined();
    expect(checkFailureText([check('window:c/d', 'freshness', 'fail', 1)], ['contiguity'])).toBe(
      undefined,
    );
  });
});

describe('ingest output', () => {
  const partition: IngestPartitionRecord = {
    key: 'window:2025-01-01T00:00:00.000Z/2025-01-01T01:00:00.000Z',
    windowStart: '2025-01-01T00:00:00.000Z',
    windowEnd: '2025-01-01T01:00:00.000Z',
    fromId: 1,
    toId: 100,
    status: 'completed',
    counts: { ...emptyIngestCounts(), items: 98, missing: 2 },
    workflowId: 'wf-1',
    runId: 'run-1',
    startedAt: '2025-02-01T00:00:00.000Z',
    finishedAt: '2025-02-01T00:00:01.000Z',
  };

  it('lists partitions and the gaps between them with their checks', () => {
    const next = {
      ...partition,
      key: 'window:2025-01-01T03:00:00.000Z/2025-01-01T04:00:00.000Z',
      windowStart: '2025-01-01T03:00:00.000Z',
      windowEnd: '2025-01-01T04:00:00.000Z',
      fromId: 301,
      toId: 400,
    };
    const rows = partitionRows([partition, next]);
    const text = statusTable(rows, 200, new Map([[partition.key, [CHECKS[1]!]]]));
    expect(text).toMatch(
      /2025-01-01T00:00:00.000Z to 2025-01-01T01:00:00.000Z\s+1\.\.100\s+98\s+2\s+completed\s+fail: missing_ids\s+wf-1\s+run-1/,
    );
    expect(text).toMatch(
      /2025-01-01T01:00:00.000Z to 2025-01-01T03:00:00.000Z\s+101\.\.300\s+gap \(2h\)/,
    );
  });

  it('gives the same rows as JSON: a gap with null for a side it lacks, a partition with its checks', () => {
    const ids = (from: number, to: number): IngestPartitionRecord => ({
      ...partition,
      key: `ids:${from}..${to}`,
      windowStart: null,
      windowEnd: null,
      fromId: from,
      toId: to,
    });
    const rows = partitionRows([ids(1, 100), ids(301, 400)]);
    const json = statusJson(rows, new Map([['ids:1..100', [CHECKS[1]!]]]));
    expect(json).toEqual([
      { kind: 'partition', ...ids(1, 100), checks: [CHECKS[1]] },
      { kind: 'gap', windowStart: null, windowEnd: null, fromId: 101, toId: 300 },
      { kind: 'partition', ...ids(301, 400), checks: [] },
    ]);
  });

  it('draws the progress within its width and sums an ingest up by type', () => {
    const line = ingestProgressLine(
      { phase: 'ingesting', total: 10_000, done: 4_000, itemsPerSecond: 800 } as IngestProgress,
      80,
    );
    expect(line).toMatch(/^ingesting +\[#+-+\] 4,000\/10,000 ids {2}800\/s {2}ETA 8s$/);
    expect(line.length).toBeLessThanOrEqual(80);
    const summary = ingestSummary(
      {
        fromId: 1,
        toId: 100,
        total: 100,
        counts: { ...emptyIngestCounts(), items: 98, missing: 2 },
        invalidSample: [],
        durationMs: 2_000,
        itemsPerSecond: 50,
        continuedAsNew: 0,
      } as unknown as HackerNewsIngestResult,
      { workflowId: 'wf-1', runId: 'run-1' },
      80,
    );
    expect(summary.split('\n')[0]).toBe('Ingested ids 1..100');
    expect(summary).toMatch(/^items\s+98$/m);
    expect(summary).toMatch(/^missing\s+2$/m);
    expect(summary.split('\n').at(-1)).toBe('Workflow wf-1 run run-1');
  });
});
