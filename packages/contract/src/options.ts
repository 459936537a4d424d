import { describe } from './describe';
import { DURATION_HELP, formatDuration, parseDuration } from './duration';

/** A whole-number option: its range, default and one-line doc. */
export interface IntegerOption {
  readonly type: 'integer';
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly doc: string;
}

/** An option that takes one of a few words. */
export interface ChoiceOption<C extends string = string> {
  readonly type: 'choice';
  readonly choices: readonly C[];
  readonly default: C;
  readonly doc: string;
}

/** A true/false option. */
export interface BooleanOption {
  readonly type: 'boolean';
  readonly default: boolean;
  readonly doc: string;
}

/** A length of time in the {@link DURATION_HELP} grammar, from `minMs` to `maxMs`. */
export interface DurationOption {
  readonly type: 'duration';
  readonly minMs: number;
  readonly maxMs: number;
  /** Whole seconds only (a partition: an item's `time` has a resolution of one second). */
  readonly wholeSeconds?: boolean;
  readonly default: string;
  readonly doc: string;
}

/** One row of an option table. */
export type OptionSpec = IntegerOption | ChoiceOption | BooleanOption | DurationOption;

/**
 * A workflow input's options, one row each: the single definition from which the workflow's
 * checks, the activities' schemas, the starter's flags, their help and their errors derive.
 */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** The values an {@link OptionTable} resolves to. */
export type OptionValues<T extends OptionTable> = {
  -readonly [K in keyof T]: T[K] extends IntegerOption
    ? number
    : T[K] extends ChoiceOption<infer C>
      ? C
      : T[K] extends BooleanOption
        ? boolean
        : string;
};

/**
 * A problem with an input: the `field` it is about (a dotted path such as `concurrency` or
 * `ingest.chunkSize`, `''` for the input as a whole) and a message that says what to do. The
 * message names fields through the caller's {@link FieldNames}, so a command line reads its own
 * flag names without rewriting any text. `String(problem)` is the message.
 */
export class InputProblem {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}

  toString(): string {
    return this.message;
  }
}

/**
 * How a problem names a field: the workflow's own names by default (`concurrency`), a starter's
 * flags (`--concurrency`) when it passes its field → flag map.
 */
export type FieldNames = (field: string) => string;

const GROUPS: Readonly<Record<string, string>> = { window: 'start/end', ids: 'fromId..toId' };

/**
 * The default {@link FieldNames}: the input's own field names; `window` (a window's two ends
 * together) reads `start/end`, `ids` (an id range's) reads `fromId..toId`.
 */
export const inputFieldNames: FieldNames = (field) => GROUPS[field] ?? field;

/** The defaults of a table, as its resolved values. */
export function optionDefaults<T extends OptionTable>(table: T): OptionValues<T> {
  return Object.fromEntries(
    Object.entries(table).map(([key, spec]) => [key, spec.default]),
  ) as OptionValues<T>;
}

/** The part of a help line after the option's doc: its range or choices, and its default. */
export function optionRange(spec: OptionSpec): string {
  switch (spec.type) {
    case 'integer':
      return `${spec.min}-${spec.max} (default ${spec.default})`;
    case 'choice':
      return `${spec.choices.join(', ')} (default ${spec.default})`;
    case 'boolean':
      return `(default ${spec.default})`;
    case 'duration':
      return `${formatDuration(spec.minMs)} to ${formatDuration(spec.maxMs)} (default ${spec.default})`;
  }
}

/** One help line for an option: `Hacker News requests in flight, 1-500 (default 50)`. */
export function optionHelp(spec: OptionSpec): string {
  return `${spec.doc}${spec.type === 'choice' ? ':' : ','} ${optionRange(spec)}`;
}

/**
 * Checks one value against its row. Returns the value (a duration as its milliseconds) or pushes
 * a problem naming `field` and returns `undefined`.
 */
export function checkOption(
  spec: OptionSpec,
  field: string,
  value: unknown,
  problems: InputProblem[],
  names: FieldNames = inputFieldNames,
): number | string | boolean | undefined {
  const bad = (expected: string): undefined => {
    problems.push(
      new InputProblem(field, `${names(field)} must be ${expected}, got ${describe(value)}`),
    );
    return undefined;
  };
  switch (spec.type) {
    case 'integer':
      return isIntegerIn(value, spec.min, spec.max)
        ? value
        : bad(`an integer from ${spec.min} to ${spec.max}`);
    case 'choice':
      return (spec.choices as readonly unknown[]).includes(value)
        ? (value as string)
        : bad(`one of ${spec.choices.join(', ')}`);
    case 'boolean':
      return typeof value === 'boolean' ? value : bad('true or false');
    case 'duration': {
      const ms = durationIn(spec, value);
      return ms ?? bad(durationExpected(spec));
    }
  }
}

/** What a duration option expects, for its problem message. */
export function durationExpected(spec: DurationOption): string {
  return `${DURATION_HELP}, from ${formatDuration(spec.minMs)} to ${formatDuration(spec.maxMs)}${
    spec.wholeSeconds ? ' in whole seconds' : ''
  }`;
}

/** A duration option's value in milliseconds, or `undefined` when it is out of its row. */
export function durationIn(spec: DurationOption, value: unknown): number | undefined {
  const ms = parseDuration(value);
  if (ms === undefined || ms < spec.minMs || ms > spec.maxMs) return undefined;
  if (spec.wholeSeconds && ms % 1000 !== 0) return undefined;
  return ms;
}

/**
 * Reads every option of `table` from `given` (`undefined` keeps the default), pushing a problem
 * for each bad value. `prefix` names a nested object's fields (`ingest.` for a backfill's).
 */
export function readOptions<T extends OptionTable>(
  table: T,
  given: Readonly<Record<string, unknown>>,
  problems: InputProblem[],
  names: FieldNames = inputFieldNames,
  prefix = '',
): OptionValues<T> {
  const values = optionDefaults(table) as Record<string, unknown>;
  for (const [key, spec] of Object.entries(table)) {
    const value = given[key];
    if (value === undefined) continue;
    // A duration keeps its text (the partition's key and messages show it); its row checked it.
    if (checkOption(spec, prefix + key, value, problems, names) !== undefined) values[key] = value;
  }
  return values as OptionValues<T>;
}

/** Pushes a problem for each key of `given` not in `known`. */
export function checkKnownKeys(
  given: Readonly<Record<string, unknown>>,
  known: readonly string[],
  problems: InputProblem[],
  prefix = '',
): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      problems.push(
        new InputProblem(
          prefix + key,
          `unknown ${prefix === '' ? '' : `${prefix.slice(0, -1)} `}option "${key}" (known: ${known.join(', ')})`,
        ),
      );
    }
  }
}

/** `value` is an integer from `min` to `max`. */
export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** `value` is a plain object (not `null`, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
