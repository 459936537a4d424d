import { type QueryProblem, ReadModelError } from './errors';

/** The first day of Hacker News: no instant before it is a meaningful bound. */
export const EARLIEST = Date.UTC(2006, 9, 9);
const DAY_MS = 86_400_000;

/**
 * One query parameter: its name, what it allows (said in every error about it), its default and
 * how a text value becomes a value. Validation, defaults and messages all derive from this row.
 */
export interface ParamSpec<T, D extends T | undefined = T | undefined> {
  /** What the parameter allows, in words: "an integer from 1 to 366". */
  allowed: string;
  /** Value when the parameter is absent (`undefined`: absent stays absent). */
  default: D;
  /** The value, or `undefined` when the text is not allowed. */
  parse(text: string): T | undefined;
}

/** An integer parameter in `[min, max]`. */
export function integerParam(
  min: number,
  max: number,
  fallback: number,
): ParamSpec<number, number> {
  return {
    allowed: `an integer from ${min} to ${max}`,
    default: fallback,
    parse(text) {
      if (!/^-?\d{1,12}$/.test(text)) return undefined;
      const value = Number(text);
      return value >= min && value <= max ? value : undefined;
    },
  };
}

/** One of a fixed list of words. */
export function choiceParam<const T extends string>(
  choices: readonly T[],
  fallback: T,
): ParamSpec<T, T> {
  return {
    allowed: `one of ${choices.map((choice) => `"${choice}"`).join(', ')}`,
    default: fallback,
    parse: (text) => choices.find((choice) => choice === text),
  };
}

/**
 * An instant, as an ISO-8601 UTC time (`2025-01-01T00:00:00Z`) or a day (`2025-01-01`), between
 * Hacker News's first day and a day from now; Unix milliseconds.
 */
export function instantParam(): ParamSpec<number> {
  return {
    default: undefined,
    allowed:
      'an ISO-8601 UTC instant such as 2025-01-01T00:00:00Z or a day such as 2025-01-01, ' +
      'from 2006-10-09 to tomorrow',
    parse(text) {
      if (
        !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text)
      ) {
        return undefined;
      }
      const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
      if (!Number.isFinite(ms) || ms < EARLIEST || ms > Date.now() + DAY_MS) return undefined;
      return ms;
    },
  };
}

/** A UTC day, `YYYY-MM-DD`, from Hacker News's first day to tomorrow; Unix milliseconds. */
export function dayParam(): ParamSpec<number> {
  const instant = instantParam();
  return {
    default: undefined,
    allowed: 'a UTC day such as 2025-01-01, from 2006-10-09 to tomorrow',
    parse: (text) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? instant.parse(text) : undefined),
  };
}

/** A printable text of 1 to `max` characters from a restricted alphabet. */
export function keyParam(max: number): ParamSpec<string> {
  return {
    default: undefined,
    allowed: `1 to ${max} characters of letters, digits and - _ : . / +`,
    parse: (text) =>
      text.length >= 1 && text.length <= max && /^[A-Za-z0-9\-_:./+]+$/.test(text)
        ? text
        : undefined,
  };
}

/** A table of parameters, by name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ParamTable = Record<string, ParamSpec<any, any>>;

/** The values of a {@link ParamTable}: defaulted ones are always present. */
export type ParamValues<T extends ParamTable> = {
  [K in keyof T]: T[K] extends ParamSpec<infer V, infer D>
    ? D extends undefined
      ? V | undefined
      : V
    : never;
};

/**
 * Validates a query string's parameters against `table`: every parameter must be known, given
 * once, and allowed. Pure; nothing is read.
 *
 * @throws {ReadModelError} `INVALID_QUERY` listing every problem, each naming the parameter and
 *   what it allows.
 */
export function parseParams<T extends ParamTable>(
  table: T,
  query: Readonly<Record<string, unknown>>,
): ParamValues<T> {
  const problems: QueryProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const field of Object.keys(query)) {
    if (!Object.hasOwn(table, field)) {
      const known = Object.keys(table);
      problems.push({
        field: field.slice(0, 40),
        message: `is not a parameter here; allowed: ${known.length === 0 ? 'none' : known.join(', ')}`,
      });
    }
  }
  for (const [field, spec] of Object.entries(table)) {
    const raw = query[field];
    if (raw === undefined || raw === '') {
      values[field] = spec.default;
      continue;
    }
    const value: unknown = typeof raw === 'string' ? spec.parse(raw) : undefined;
    if (value === undefined) {
      problems.push({
        field,
        message: `must be ${spec.allowed}${typeof raw === 'string' ? '' : ', given once'}`,
      });
    } else {
      values[field] = value;
    }
  }
  if (problems.length > 0) {
    throw new ReadModelError(
      'INVALID_QUERY',
      problems.map(({ field, message }) => `"${field}" ${message}.`).join(' '),
      { problems },
    );
  }
  return values as ParamValues<T>;
}
