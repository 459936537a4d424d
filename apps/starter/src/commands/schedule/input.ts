import { resolveInput, type HackerNewsInput } from '@hn/contract';
import { UsageError } from '@hn/runtime/client';

/** The workflow-input flags of `schedule create` and `update`, as commander parses them. */
export interface InputFlags {
  limit?: number;
  list?: string;
  output?: string;
}

/** Workflow input given on the command line (`--limit`, `--list`, `--output`), checked. */
export function inputFromFlags(flags: InputFlags): HackerNewsInput {
  const input: Record<string, unknown> = {};
  if (flags.limit !== undefined) input.limit = flags.limit;
  if (flags.list !== undefined) input.list = flags.list;
  if (flags.output !== undefined) input.output = flags.output;
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
