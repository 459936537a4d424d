import { UsageError } from '../exit-codes';

/** An option's value parser for commander: `(value) => parsed`, throwing {@link UsageError}. */
export type OptionParser<T> = (value: string) => T;

/** A non-empty string: `--task-queue=` is a usage error, not an empty name sent to the server. */
export function nonEmpty(flag: string): OptionParser<string> {
  return (value) => {
    if (value.trim() === '') throw new UsageError(`${flag} must not be empty.`);
    return value;
  };
}

/** A whole number, sign allowed (ranges are checked where the rules live). */
export function wholeNumber(flag: string): OptionParser<number> {
  return (value) => {
    if (!/^-?\d+$/.test(value.trim())) {
      throw new UsageError(`${flag} must be a whole number, got "${value}".`);
    }
    return Number(value);
  };
}

/** A whole number from 1 up. */
export function positiveInteger(flag: string): OptionParser<number> {
  return (value) => {
    if (!/^[1-9]\d*$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
      throw new UsageError(`${flag} must be a positive whole number, got "${value}".`);
    }
    return Number(value);
  };
}
