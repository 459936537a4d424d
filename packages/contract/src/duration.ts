/**
 * The one duration grammar of the project: `--last`, a partition, a Schedule's interval, jitter
 * and catch-up window all read it. One or more `<number><unit>` parts, spaces allowed between
 * them: `30s`, `10m`, `6h`, `1d`, `1h30m`, `90 seconds`, `1.5h`. Units: `ms`, `s`, `m`, `h`, `d`
 * and their long forms (`sec`, `min`, `hour`, `days` ...). A bare number has no unit and is
 * refused as ambiguous.
 */
export const DURATION_HELP = 'a duration such as 30s, 10m, 6h, 1d or 1h30m';

const UNIT_MS: Readonly<Record<string, number>> = {
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

const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/y;

/**
 * Parses a duration in the {@link DURATION_HELP} grammar to whole milliseconds, or `undefined`
 * when the text is not one (a bare number, an unknown unit, a sign, nothing).
 */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return undefined;
  let total = 0;
  let index = 0;
  while (index < trimmed.length) {
    PART.lastIndex = index;
    const match = PART.exec(trimmed);
    const unit = match ? UNIT_MS[match[2]!] : undefined;
    if (!match || unit === undefined) return undefined;
    total += Number(match[1]) * unit;
    index = PART.lastIndex;
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/**
 * Formats milliseconds compactly, as {@link parseDuration} reads them back: `3600000` → `1h`,
 * `5400000` → `1h30m`, `1500` → `1.5s`, `500` → `500ms`, `0` → `0s`.
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
