/** Largest value of a PostgreSQL `integer` column (ids and counters). */
export const MAX_INT4 = 2_147_483_647;

/** True for an integer from `min` to `max`, inclusive. */
export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

/** A short, bounded description of an untrusted value for an error message. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'object':
      return 'an object';
    case 'function':
      return 'a function';
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return `a ${typeof value}`;
  }
}

/**
 * `value` as an ISO-8601 UTC timestamp in one format (`toISOString()`), so timestamps compare
 * correctly as text; `undefined` when it is not a string or `Date` that parses.
 */
export function toIsoTimestamp(value: unknown): string | undefined {
  const time =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'string'
        ? Date.parse(value)
        : Number.NaN;
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
