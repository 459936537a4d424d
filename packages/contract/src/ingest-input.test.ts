import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INGEST_OPTIONS,
  addIngestCounts,
  countedIds,
  emptyIngestCounts,
  parseInstant,
  formatPartition,
  parsePartition,
  partitionKey,
  resolveIngestInput,
  scheduledWindow,
  type IngestContinuation,
} from './index';

const HOUR = 3_600_000;

describe('resolveIngestInput', () => {
  it('derives the default window, one hour ending at the scheduled time truncated to the hour', () => {
    const { input, problems } = resolveIngestInput(undefined, {
      scheduledTime: '2025-01-01T10:00:07.250Z',
    });
    expect(problems).toEqual([]);
    expect(input).toEqual({
      chunkSize: 1_000,
      concurrency: 50,
      maxParallelActivities: 8,
      batchSize: 250,
      chunksPerRun: 300,
      heartbeatTimeoutSeconds: 20,
      retry: 'bounded',
      maxAttempts: 8,
      target: {
        kind: 'window',
        window: { start: '2025-01-01T09:00:00.000Z', end: '2025-01-01T10:00:00.000Z' },
      },
      key: 'window:2025-01-01T09:00:00.000Z/2025-01-01T10:00:00.000Z',
      continuation: null,
    });
  });

  it('takes the partition length from `partition`, aligned to the epoch (UTC midnight for days)', () => {
    const scheduledTime = new Date('2025-03-04T05:06:07Z');
    const day = resolveIngestInput({ partition: '1d' }, { scheduledTime }).input.target;
    expect(day).toEqual({
      kind: 'window',
      window: { start: '2025-03-03T00:00:00.000Z', end: '2025-03-04T00:00:00.000Z' },
    });
    const quarter = resolveIngestInput({ partition: '15m' }, { scheduledTime }).input.target;
    expect(quarter).toEqual({
      kind: 'window',
      window: { start: '2025-03-04T04:45:00.000Z', end: '2025-03-04T05:00:00.000Z' },
    });
  });

  it('accepts an explicit window, normalised to UTC, and an id range', () => {
    const window = resolveIngestInput({
      start: '2025-01-01T10:00+01:00',
      end: '2025-01-01T10:30:00.5Z',
      chunkSize: 500,
      retry: 'forever',
    });
    expect(window.problems).toEqual([]);
    expect(window.input.target).toEqual({
      kind: 'window',
      window: { start: '2025-01-01T09:00:00.000Z', end: '2025-01-01T10:30:00.500Z' },
    });
    expect(window.input).toMatchObject({ chunkSize: 500, retry: 'forever' });

    const ids = resolveIngestInput({ fromId: 10, toId: 5_000_009 });
    expect(ids.problems).toEqual([]);
    expect(ids.input.target).toEqual({ kind: 'ids', fromId: 10, toId: 5_000_009 });
    expect(ids.input.key).toBe('ids:10..5000009');
  });

  it('lists every problem at once', () => {
    const { problems } = resolveIngestInput({
      start: '2025-01-02T00:00:00Z',
      end: '2025-01-01T00:00:00Z',
      concurrency: 501,
      chunkSize: 0,
      heartbeatTimeoutSeconds: 601,
      retry: 'sometimes',
      colour: 'red',
    });
    expect(problems.map(String)).toEqual([
      'unknown option "colour" (known: start, end, fromId, toId, partition, chunkSize, concurrency, maxParallelActivities, batchSize, chunksPerRun, heartbeatTimeoutSeconds, retry, maxAttempts, continuation)',
      'chunkSize must be an integer from 1 to 10000, got 0',
      'concurrency must be an integer from 1 to 500, got 501',
      'heartbeatTimeoutSeconds must be an integer from 1 to 600, got 601',
      'retry must be one of bounded, forever, got "sometimes"',
      'end (2025-01-01T00:00:00Z) must be after start (2025-01-02T00:00:00Z)',
    ]);
  });

  it.each([
    [
      { start: '2025-01-01T00:00:00Z', end: '2025-02-01T00:00:01Z' },
      'start/end: the window is 31d1s long; one run ingests at most 31d: split it',
    ],
    [{ start: '2025-01-01T00:00:00Z' }, 'a time window needs both start and end'],
    [
      { start: '2025-01-01', end: '2025-01-02T00:00:00Z' },
      'start must be an ISO-8601 time with a time zone such as "2025-01-01T09:00:00Z", got "2025-01-01"',
    ],
    [
      { start: '2025-02-29T00:00:00Z', end: '2025-03-01T00:00:00Z' },
      'start must be an ISO-8601 time with a time zone such as "2025-01-01T09:00:00Z", got "2025-02-29T00:00:00Z"',
    ],
    [{ fromId: 0, toId: 10 }, 'fromId must be an integer from 1 to 2147483647, got 0'],
    [{ fromId: 1.5, toId: 10 }, 'fromId must be an integer from 1 to 2147483647, got 1.5'],
    [{ fromId: 20, toId: 10 }, 'toId (10) must be at least fromId (20)'],
    [
      { fromId: 1, toId: 5_000_001 },
      'fromId..toId: the range holds 5000001 ids; one run ingests at most 5000000: split it',
    ],
    [{ toId: 10 }, 'an id range needs both fromId and toId'],
    [
      { start: '2025-01-01T00:00:00Z', end: '2025-01-01T01:00:00Z', fromId: 1, toId: 2 },
      'give a time window (start and end) or an id range (fromId and toId), not both',
    ],
    [
      { fromId: 1, toId: 2, partition: '1h' },
      'partition sets the default window: give it without fromId and toId',
    ],
    [
      { partition: '90x' },
      'partition must be a duration such as 30s, 10m, 6h, 1d or 1h30m, from 1s to 31d in whole seconds, got "90x"',
    ],
    [
      'yesterday',
      'input must be an object such as { "start": "2025-01-01T09:00:00Z", "end": "2025-01-01T10:00:00Z" }, got "yesterday"',
    ],
  ])('rejects %j', (raw, problem) => {
    expect(resolveIngestInput(raw, { scheduledTime: 0 }).problems.map(String)).toEqual([problem]);
  });

  it('needs a scheduled time when no window or range is given', () => {
    expect(resolveIngestInput({}).problems.map(String)).toEqual([
      'no window (start, end) or id range (fromId, toId) given, and no scheduled time to derive the default window from',
    ]);
  });

  it('takes the range, cursor and counts from a continuation, and rejects one it did not write', () => {
    const continuation: IngestContinuation = {
      key: 'window:2025-01-01T09:00:00.000Z/2025-01-01T10:00:00.000Z',
      window: { start: '2025-01-01T09:00:00.000Z', end: '2025-01-01T10:00:00.000Z' },
      fromId: 100,
      toId: 700,
      nextId: 400,
      counts: { ...emptyIngestCounts(), items: 300 },
      invalidSample: [],
      continuedAsNew: 1,
      startedAt: '2025-01-01T10:00:00.000Z',
    };
    const { input, problems } = resolveIngestInput({ continuation, chunkSize: 50 });
    expect(problems).toEqual([]);
    expect(input).toMatchObject({
      continuation,
      key: continuation.key,
      chunkSize: 50,
      target: { kind: 'window', window: continuation.window },
    });

    expect(
      resolveIngestInput({
        continuation: { ...continuation, nextId: 702 },
        fromId: 1,
        toId: 2,
      }).problems.map(String),
    ).toEqual([
      'continuation carries its own range: give no start, end, fromId, toId or partition with it',
      'continuation is not one this workflow wrote (nextId); start without it',
    ]);
  });
});

describe('window helpers', () => {
  it('scheduledWindow ends at the boundary at or before the scheduled time', () => {
    const at = Date.parse('2025-01-01T10:00:00Z');
    expect(scheduledWindow(at, HOUR)).toEqual({
      start: '2025-01-01T09:00:00.000Z',
      end: '2025-01-01T10:00:00.000Z',
    });
    expect(scheduledWindow(at - 1, HOUR).end).toBe('2025-01-01T09:00:00.000Z');
  });

  it('parsePartition reads seconds, minutes, hours and days from 1s to 31d', () => {
    expect(parsePartition('1s')).toBe(1000);
    expect(parsePartition('1m')).toBe(60_000);
    expect(parsePartition('6h')).toBe(6 * HOUR);
    expect(parsePartition('31d')).toBe(31 * 24 * HOUR);
    expect(parsePartition('2678400s')).toBe(31 * 24 * HOUR);
    // One grammar with --last and the Schedules' durations: compound and long forms read too.
    expect(parsePartition('1.5h')).toBe(90 * 60_000);
    expect(parsePartition('1h30m')).toBe(90 * 60_000);
    expect(parsePartition('1 hour')).toBe(HOUR);
    for (const bad of [
      '32d',
      '2678401s',
      '0h',
      '0s',
      '1500ms',
      'h',
      '1',
      '-1h',
      '1ms',
      60,
      undefined,
    ]) {
      expect(parsePartition(bad)).toBeUndefined();
    }
  });

  it('formatPartition writes the largest unit that divides the length, as parsePartition reads it', () => {
    expect(formatPartition(10_000)).toBe('10s');
    expect(formatPartition(90 * 60_000)).toBe('90m');
    expect(formatPartition(HOUR)).toBe('1h');
    expect(formatPartition(48 * HOUR)).toBe('2d');
    for (const ms of [1000, 61_000, 5 * HOUR, 31 * 24 * HOUR]) {
      expect(parsePartition(formatPartition(ms))).toBe(ms);
    }
    for (const bad of [0, 999, 1500, 32 * 24 * HOUR, Number.NaN]) {
      expect(formatPartition(bad)).toBeUndefined();
    }
  });

  it('parseInstant needs a time zone and a real date', () => {
    expect(parseInstant('2024-02-29T23:59:59.999Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(parseInstant('2025-01-01T00:00-05:30')).toBe(Date.UTC(2025, 0, 1, 5, 30));
    for (const bad of ['2025-01-01T00:00:00', '2025-13-01T00:00Z', '2025-01-01T24:00Z', 1]) {
      expect(parseInstant(bad)).toBeUndefined();
    }
  });

  it('partitionKey follows the documented format', () => {
    expect(
      partitionKey({
        kind: 'window',
        window: { start: '2025-01-01T09:00:00.000Z', end: '2025-01-01T10:00:00.000Z' },
      }),
    ).toBe('window:2025-01-01T09:00:00.000Z/2025-01-01T10:00:00.000Z');
    expect(partitionKey({ kind: 'ids', fromId: 1, toId: 1000 })).toBe('ids:1..1000');
  });
});

describe('ingest counts', () => {
  it('adds counts field by field', () => {
    const a = { ...emptyIngestCounts(), items: 3, missing: 1, bytes: 10 };
    a.byType.story = 2;
    a.byType.comment = 1;
    const b = { ...emptyIngestCounts(), items: 1, invalid: 2, dead: 1 };
    b.byType.comment = 1;
    const sum = addIngestCounts(a, b);
    expect(sum).toEqual({
      items: 4,
      byType: { story: 2, comment: 2, job: 0, poll: 0, pollopt: 0 },
      deleted: 0,
      dead: 1,
      missing: 1,
      invalid: 2,
      bytes: 10,
    });
    expect(countedIds(sum)).toBe(7);
    expect(a.byType.comment).toBe(1);
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_INGEST_OPTIONS.partition).toBe('1h');
  });
});
