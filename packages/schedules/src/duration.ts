import { ScheduleValidationError } from './errors';

/** A duration: milliseconds as a number, or text such as `'90s'`, `'10m'`, `'1h30m'`, `'2 hours'`. */
export type DurationInput = number | string;

/** Options of {@link parseDuration}. */
export interface ParseDurationOptions {
  /** Option name used in error messages and `ScheduleValidationError.field`. Default `duration`. */
  field?: string;
  /** Smallest accepted value in milliseconds. Default 0. */
  minMs?: number;
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)/gy;

/**
 * Parses a duration to milliseconds. Accepts a non-negative number of milliseconds, or one or
 * more `<number><unit>` parts (`ms`, `s`, `m`, `h`, `d`, or their long forms), optionally
 * separated by spaces: `'10m'`, `'1h30m'`, `'90 seconds'`.
 *
 * @throws ScheduleValidationError `INVALID_DURATION` when the text cannot be parsed, is
 *   negative (the message says it must be positive), or is below `minMs`.
 */
export function parseDuration(input: DurationInput, options: ParseDurationOptions = {}): number {
  const { field = 'duration', minMs = 0 } = options;
  if (typeof input === 'number' ? input < 0 : input.trim().startsWith('-')) {
    throw new ScheduleValidationError(
      'INVALID_DURATION',
      field,
      `Invalid ${field} '${String(input)}': it must be positive, e.g. 30s, 10m or 1h.`,
    );
  }
  const ms = typeof input === 'number' ? input : parseText(input);
  if (ms === undefined || !Number.isFinite(ms)) {
    throw new ScheduleValidationError(
      'INVALID_DURATION',
      field,
      `Invalid ${field} '${String(input)}': expected a duration such as 30s, 10m, 1h or 1h30m.`,
    );
  }
  if (ms < minMs) {
    throw new ScheduleValidationError(
      'INVALID_DURATION',
      field,
      `Invalid ${field} '${String(input)}': it must be at least ${formatDuration(minMs)}.`,
    );
  }
  return Math.round(ms);
}

function parseText(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return undefined; // a bare number has no unit: ambiguous
  let total = 0;
  PART.lastIndex = 0;
  let index = 0;
  while (index < trimmed.length) {
    PART.lastIndex = index;
    const match = PART.exec(trimmed);
    if (!match) return undefined;
    const unit = UNIT_MS[match[2]!];
    if (unit === undefined) return undefined;
    total += Number(match[1]) * unit;
    index = PART.lastIndex;
    while (trimmed[index] === ' ') index++;
  }
  return total;
}

/**
 * Formats milliseconds compactly: `3600000` → `'1h'`, `5400000` → `'1h30m'`, `1500` → `'1.5s'`, `500` → `'500ms'`.
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest >= 1000) parts.push(`${rest / 1000}s`);
  else if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}
