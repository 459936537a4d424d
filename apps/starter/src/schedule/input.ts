import { resolveInput, type HackerNewsInput } from '@hn/contract';
import { UsageError } from './errors';
import type { FlagValues } from './parse';

/** Workflow input given on the command line (`--limit`, `--list`, `--output`). */
export function inputFromFlags(values: FlagValues): HackerNewsInput {
  const input: Record<string, unknown> = {};
  if (typeof values.limit === 'string') {
    if (!/^\d+$/.test(values.limit))
      throw new UsageError(`Invalid --limit '${values.limit}': expected a whole number.`);
    input.limit = Number(values.limit);
  }
  if (typeof values.list === 'string') input.list = values.list;
  if (typeof values.output === 'string') input.output = values.output;
  checkInput(input);
  return input;
}

/**
 * Checks an input with the workflow's own rules, so a bad value fails now rather than at every
 * scheduled run.
 *
 * @throws UsageError listing every problem.
 */
export function checkInput(input: unknown): void {
  const { problems } = resolveInput(input);
  if (problems.length > 0) throw new UsageError(`Invalid workflow input: ${problems.join('; ')}.`);
}
