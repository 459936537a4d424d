import { emptyIngestCounts, type HackerNewsBackfillResult } from '@hn/contract';
import { describe, expect, it } from 'vitest';
import { backfillProgressLine, backfillSummary } from './format';

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
