import { describe, expect, it } from 'vitest';
import { BACKFILL_CLOCK_SKEW_MS, buildBackfill, MAX_BACKFILL_RUNS } from './backfill';

const now = new Date('2026-01-01T12:00:00Z');

describe('buildBackfill', () => {
  it('parses ISO dates and defaults to BUFFER_ALL and 1,000 runs at most', () => {
    expect(
      buildBackfill({ start: '2025-01-01T00:00:00Z', end: '2025-01-01T03:00:00Z', now }),
    ).toEqual({
      start: new Date('2025-01-01T00:00:00Z'),
      end: new Date('2025-01-01T03:00:00Z'),
      overlap: 'BUFFER_ALL',
      maxRuns: MAX_BACKFILL_RUNS,
    });
    expect(MAX_BACKFILL_RUNS).toBe(1000);
  });

  it('rejects a backfill that ends before it starts', () => {
    expect(() =>
      buildBackfill({ start: '2025-01-02T00:00:00Z', end: '2025-01-01T00:00:00Z', now }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_BACKFILL_RANGE', field: 'end' }));
  });

  it('rejects an empty period', () => {
    expect(() =>
      buildBackfill({ start: '2025-01-01T00:00:00Z', end: '2025-01-01T00:00:00Z', now }),
    ).toThrow('The backfill period is empty: it starts and ends at 2025-01-01T00:00:00.000Z.');
  });

  it('rejects a period that ends in the future, allowing a minute of clock skew', () => {
    const start = new Date(now.getTime() - 3_600_000);
    expect(() =>
      buildBackfill({ start, end: new Date(now.getTime() + BACKFILL_CLOCK_SKEW_MS + 1), now }),
    ).toThrow(/The backfill ends in the future .* a backfill takes runs that are already due/);
    expect(
      buildBackfill({ start, end: new Date(now.getTime() + BACKFILL_CLOCK_SKEW_MS), now }).end,
    ).toEqual(new Date(now.getTime() + BACKFILL_CLOCK_SKEW_MS));
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects maxRuns %j', (maxRuns) => {
    expect(() => buildBackfill({ start: new Date(0), end: new Date(1000), maxRuns, now })).toThrow(
      expect.objectContaining({ code: 'INVALID_LIMIT', field: 'maxRuns' }),
    );
  });

  it.each(['yesterday', '', '01/02/2025', '2025-13-45T00:00:00Z'])(
    'rejects the date %j',
    (start) => {
      expect(() => buildBackfill({ start, end: '2025-01-01T00:00:00Z', now })).toThrow(
        expect.objectContaining({ code: 'INVALID_DATE', field: 'start' }),
      );
    },
  );

  it('rejects an unknown overlap policy', () => {
    expect(() =>
      buildBackfill({ start: new Date(0), end: new Date(1000), overlap: 'NEVER' as never, now }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_OVERLAP_POLICY' }));
  });
});
