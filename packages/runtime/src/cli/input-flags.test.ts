import { describe, expect, it } from 'vitest';
import { UsageError } from '../exit-codes';
import {
  INGEST_FLAGS,
  backfillInputFromFlags,
  followInputFromFlags,
  givenOptions,
  ingestInputFromFlags,
  startInputFromFlags,
  type IngestFlags,
} from './input-flags';

const NOW = Date.parse('2025-03-01T12:00:00.000Z');

/** The message of the UsageError `fn` throws. */
function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('givenOptions', () => {
  it('keeps the fields given, drops the rest and the undefined', () => {
    const flags: IngestFlags = { concurrency: 20, chunkSize: undefined, last: '1h' };
    expect(givenOptions(flags, INGEST_FLAGS)).toEqual({ concurrency: 20 });
  });
});

describe('ingestInputFromFlags', () => {
  it('anchors --last on now', () => {
    expect(ingestInputFromFlags({ last: ' 2h ', concurrency: 20 }, NOW)).toEqual({
      start: '2025-03-01T10:00:00.000Z',
      end: '2025-03-01T12:00:00.000Z',
      concurrency: 20,
    });
  });

  it('reads --ids as an id range, and --from/--to as a window', () => {
    expect(ingestInputFromFlags({ ids: '1 .. 2000', maxAttempts: 3 })).toEqual({
      fromId: 1,
      toId: 2000,
      maxAttempts: 3,
    });
    expect(
      ingestInputFromFlags({ from: '2025-01-01T00:00:00Z', to: '2025-01-01T01:00:00Z' }),
    ).toEqual({ start: '2025-01-01T00:00:00Z', end: '2025-01-01T01:00:00Z' });
  });

  it('wants exactly one target', () => {
    expect(usageError(() => ingestInputFromFlags({}))).toBe(
      'Give what to ingest: --last <duration>, --from <time> --to <time>, or --ids <from>..<to>.',
    );
    expect(usageError(() => ingestInputFromFlags({ last: '1h', ids: '1..2', to: 'x' }))).toBe(
      'Give one of --last, --from/--to or --ids, not --last and --from/--to and --ids.',
    );
  });

  it('names the flags in every problem, the tuning ones included', () => {
    expect(usageError(() => ingestInputFromFlags({ last: '0s', concurrency: 0 }, NOW))).toMatch(
      /^--last must be .*\n--concurrency must be an integer from 1 to 500, got 0$/,
    );
    expect(usageError(() => ingestInputFromFlags({ ids: '1-2000' }))).toBe(
      '--ids must be <from>..<to> (e.g. 1..2000), got "1-2000"',
    );
    expect(usageError(() => ingestInputFromFlags({ ids: '1..9007199254740993' }))).toBe(
      "the end of --ids must be at most 2147483647 (the item store's id limit), got 9007199254740993",
    );
    expect(usageError(() => ingestInputFromFlags({ from: '2025-01-01T00:00:00Z' }))).toContain(
      '--to',
    );
  });
});

describe('backfillInputFromFlags', () => {
  const period = { from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' };

  it('builds the input, the tuning flags as the runs’ ingest options', () => {
    expect(
      backfillInputFromFlags(
        { ...period, parallelism: 8, reingest: true, maxPartitions: 24, chunkSize: 500 },
        undefined,
        NOW,
      ),
    ).toEqual({
      start: period.from,
      end: period.to,
      parallelism: 8,
      mode: 'reingest',
      maxPartitions: 24,
      ingest: { chunkSize: 500 },
    });
    expect(backfillInputFromFlags(period, undefined, NOW)).toEqual({
      start: period.from,
      end: period.to,
    });
  });

  it("names the period's flags as the command calls them", () => {
    expect(usageError(() => backfillInputFromFlags({ from: period.from }))).toBe(
      'A backfill needs --from and --to, e.g. --from 2025-01-01T00:00:00Z --to 2025-01-02T00:00:00Z.',
    );
    expect(
      usageError(() =>
        backfillInputFromFlags({ from: 'soon', to: period.to }, { from: '--start', to: '--end' }),
      ),
    ).toMatch(/^--start /);
    expect(
      usageError(() => backfillInputFromFlags({ ...period, parallelism: 0 }, undefined, NOW)),
    ).toMatch(/^--parallelism must be an integer from 1 to/);
  });
});

describe('startInputFromFlags', () => {
  it('asks for a report with the options given, and store: false only with --no-store', () => {
    expect(startInputFromFlags({ limit: 5, list: 'new', retry: 'forever', store: true })).toEqual({
      limit: 5,
      list: 'new',
      retry: 'forever',
      output: 'report',
    });
    expect(startInputFromFlags({ store: false })).toEqual({ store: false, output: 'report' });
  });

  it('names the flags in every problem', () => {
    expect(
      usageError(() => startInputFromFlags({ limit: 0, list: 'hot', topWords: -1, store: true })),
    ).toBe(
      '--limit must be an integer from 1 to 500, got 0\n' +
        '--list must be one of top, new, best, ask, show, job, got "hot"\n' +
        '--top-words must be an integer from 0 to 100, got -1',
    );
  });
});

describe('followInputFromFlags', () => {
  it('takes the options given and --from-id', () => {
    expect(followInputFromFlags({ pollIntervalSeconds: 5, fromId: 7 })).toEqual({
      pollIntervalSeconds: 5,
      fromId: 7,
    });
    expect(followInputFromFlags({})).toEqual({});
  });

  it('names the flags in every problem', () => {
    expect(usageError(() => followInputFromFlags({ maxIdsPerPoll: 0, fromId: 0 }))).toBe(
      '--max-ids-per-poll must be an integer from 1 to 20000, got 0\n' +
        '--from-id must be an item id from 1 to 2147483647, got 0',
    );
  });
});
