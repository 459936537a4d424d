import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';
import { ScheduleValidationError } from './errors';

describe('parseDuration', () => {
  it.each([
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['90 seconds', 90_000],
    ['2 hours', 7_200_000],
    ['1d', 86_400_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    [' 10M ', 600_000],
    [2500, 2500],
  ])('parses %j', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  const EXPECTED = 'expected a duration such as 30s, 10m, 6h, 1d or 1h30m.';
  it.each([
    ['', `Invalid every '': ${EXPECTED}`],
    ['soon', `Invalid every 'soon': ${EXPECTED}`],
    ['10', `Invalid every '10': ${EXPECTED}`],
    ['-5m', "Invalid every '-5m': it must be positive, e.g. 30s, 10m or 1h."],
    ['10 parsecs', `Invalid every '10 parsecs': ${EXPECTED}`],
    ['1h 30', `Invalid every '1h 30': ${EXPECTED}`],
    ['h1', `Invalid every 'h1': ${EXPECTED}`],
    [Number.NaN, `Invalid every 'NaN': ${EXPECTED}`],
    [-1, "Invalid every '-1': it must be positive, e.g. 30s, 10m or 1h."],
  ])('rejects %j with INVALID_DURATION naming the field: %s', (input, message) => {
    const error = catchError(() => parseDuration(input, { field: 'every' }));
    expect(error).toBeInstanceOf(ScheduleValidationError);
    expect(error).toMatchObject({ code: 'INVALID_DURATION', field: 'every' });
    expect(error.message).toBe(message);
  });

  it.each(['-5m', ' -1h', -60_000])('says a negative duration %j must be positive', (input) => {
    expect(() => parseDuration(input, { field: 'every' })).toThrow(
      `Invalid every '${String(input)}': it must be positive, e.g. 30s, 10m or 1h.`,
    );
  });

  it('enforces a minimum', () => {
    expect(() => parseDuration('5s', { field: 'catchupWindow', minMs: 10_000 })).toThrow(
      /at least 10s/,
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1500, '1.5s'],
    [600_000, '10m'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [90_061_000, '1d1h1m1s'],
  ])('formats %d as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
