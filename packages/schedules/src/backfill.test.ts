import { describe, expect, it } from 'vitest';
import { buildBackfill } from './backfill';

describe('buildBackfill', () => {
  it('parses ISO dates and defaults to BUFFER_ALL', () => {
    expect(buildBackfill({ start: '2025-01-01T00:00:00Z', end: '2025-01-01T03:00:00Z' })).toEqual({
      start: new Date('2025-01-01T00:00:00Z'),
      end: new Date('2025-01-01T03:00:00Z'),
      overlap: 'BUFFER_ALL',
    });
  });

  it('rejects a backfill that ends before it starts', () => {
    expect(() =>
      buildBackfill({ start: '2025-01-02T00:00:00Z', end: '2025-01-01T00:00:00Z' }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_BACKFILL_RANGE', field: 'end' }));
  });

  it.each(['yesterday', '', '01/02/2025', '2025-13-45T00:00:00Z'])(
    'rejects the date %j',
    (start) => {
      expect(() => buildBackfill({ start, end: '2025-01-01T00:00:00Z' })).toThrow(
        expect.objectContaining({ code: 'INVALID_DATE', field: 'start' }),
      );
    },
  );

  it('rejects an unknown overlap policy', () => {
    expect(() =>
      buildBackfill({ start: new Date(0), end: new Date(1000), overlap: 'NEVER' as never }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_OVERLAP_POLICY' }));
  });
});
