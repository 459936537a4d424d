import { describe, expect, it } from 'vitest';
import {
  backfillPartition,
  emptyIngestCounts,
  partitionWorkflowId,
  resolveBackfillInput,
  type BackfillContinuation,
} from './index';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const DAY = { start: '2025-12-01T00:00:00Z', end: '2025-12-02T00:00:00Z' };

function problemsOf(raw: unknown): string[] {
  return resolveBackfillInput(raw, { now: NOW }).problems.map(String);
}

describe('resolveBackfillInput', () => {
  it('applies the defaults: 1h partitions, 4 in flight, completed partitions skipped', () => {
    const { input, problems } = resolveBackfillInput(DAY, { now: NOW });
    expect(problems).toEqual([]);
    expect(input).toEqual({
      window: { start: '2025-12-01T00:00:00.000Z', end: '2025-12-02T00:00:00.000Z' },
      partition: '1h',
      partitionMs: 3_600_000,
      total: 24,
      parallelism: 4,
      mode: 'skip-completed',
      maxPartitions: 1_000,
      partitionsPerRun: 100,
      ingest: {},
      continuation: null,
    });
    expect(backfillPartition(input, 23)).toEqual({
      window: { start: '2025-12-01T23:00:00.000Z', end: '2025-12-02T00:00:00.000Z' },
      key: 'window:2025-12-01T23:00:00.000Z/2025-12-02T00:00:00.000Z',
    });
    expect(partitionWorkflowId(backfillPartition(input, 0).key)).toBe(
      'hackernews-ingest/window:2025-12-01T00:00:00.000Z/2025-12-01T01:00:00.000Z',
    );
  });

  it('takes a 30-day period of 720 partitions, and refuses one past maxPartitions unless raised', () => {
    const month = { start: '2025-11-01T00:00:00Z', end: '2025-12-01T00:00:00Z' };
    expect(resolveBackfillInput(month, { now: NOW }).input.total).toBe(720);
    expect(problemsOf({ ...month, maxPartitions: 700 })).toEqual([
      'start/end: the period holds 720 partitions of 1h, more than maxPartitions (700): split it (the first: start 2025-11-01T00:00:00.000Z, end 2025-11-30T04:00:00.000Z) or raise maxPartitions (at most 100000)',
    ]);
    expect(problemsOf({ ...month, partition: '15m' })[0]).toMatch(/2880 partitions of 15m/);
    expect(problemsOf({ ...month, partition: '15m', maxPartitions: 3_000 })).toEqual([]);
  });

  it('refuses an end in the future, allowing a minute of clock skew', () => {
    expect(
      problemsOf({ start: '2025-12-31T23:00:00Z', end: '2026-01-01T00:01:00Z', partition: '1m' }),
    ).toEqual([]);
    expect(problemsOf({ start: '2025-12-31T23:00:00Z', end: '2026-01-01T01:00:00Z' })).toEqual([
      'end (2026-01-01T01:00:00.000Z) is in the future (it is now 2026-01-01T00:00:00.000Z): a backfill takes partitions that are over; end it at the latest at the last partition boundary before now',
    ]);
  });

  it('says which boundaries to use for a period off the partition grid', () => {
    // 02:00+01:00 is 01:00Z, on the grid; 00:20Z is not.
    expect(problemsOf({ start: '2025-12-01T00:20:00Z', end: '2025-12-01T02:00:00+01:00' })).toEqual(
      [
        'start (2025-12-01T00:20:00.000Z) is not on a 1h partition boundary: use 2025-12-01T00:00:00.000Z or 2025-12-01T01:00:00.000Z',
      ],
    );
    expect(problemsOf({ ...DAY, end: '2025-12-01T23:59:00Z', partition: '6h' })).toEqual([
      'end (2025-12-01T23:59:00.000Z) is not on a 6h partition boundary: use 2025-12-01T18:00:00.000Z or 2025-12-02T00:00:00.000Z',
    ]);
  });

  it('lists every problem of a bad input at once', () => {
    expect(
      problemsOf({
        start: 'yesterday',
        end: DAY.end,
        partition: '1w',
        parallelism: 0,
        mode: 'overwrite',
        partitionsPerRun: 501,
        ingest: { chunkSize: 0, speed: 1 },
        extra: true,
      }),
    ).toEqual([
      'unknown option "extra" (known: start, end, partition, parallelism, mode, maxPartitions, partitionsPerRun, ingest, continuation)',
      'partition must be a duration such as 30s, 10m, 6h, 1d or 1h30m, from 1s to 31d in whole seconds, got "1w"',
      'parallelism must be an integer from 1 to 32, got 0',
      'mode must be one of skip-completed, reingest, got "overwrite"',
      'partitionsPerRun must be an integer from 1 to 500, got 501',
      'unknown ingest option "speed" (known: chunkSize, concurrency, maxParallelActivities, batchSize, chunksPerRun, heartbeatTimeoutSeconds, retry, maxAttempts)',
      'ingest.chunkSize must be an integer from 1 to 10000, got 0',
      'start must be an ISO-8601 time with a time zone such as "2025-01-01T09:00:00Z", got "yesterday"',
    ]);
    expect(problemsOf(undefined)[0]).toMatch(/^input must be an object/);
  });

  it('accepts the continuation it writes, and rejects a forged cursor', () => {
    const continuation: BackfillContinuation = {
      nextStart: '2025-12-01T05:00:00.000Z',
      totals: { completed: 4, skipped: 1, failed: 0, counts: emptyIngestCounts() },
      failedPartitions: [],
      maxInFlight: 4,
      continuedAsNew: 1,
      startedAt: '2025-12-31T00:00:00.000Z',
    };
    expect(resolveBackfillInput({ ...DAY, continuation }, { now: NOW }).input.continuation).toEqual(
      continuation,
    );
    for (const nextStart of ['2025-12-01T05:30:00.000Z', '2025-12-03T00:00:00.000Z', 'soon']) {
      expect(problemsOf({ ...DAY, continuation: { ...continuation, nextStart } })).toEqual([
        'continuation is not one this workflow wrote (nextStart); start without it',
      ]);
    }
    expect(problemsOf({ ...DAY, continuation: { ...continuation, maxInFlight: 99 } })[0]).toMatch(
      /maxInFlight/,
    );
  });
});
