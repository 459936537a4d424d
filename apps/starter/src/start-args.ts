import { parseArgs } from 'node:util';
import { DEFAULT_WORKFLOW_ID, TASK_QUEUE, resolveInput, type HackerNewsInput } from '@hn/contract';

/** The `start` command's help text. */
export const USAGE = `Usage: pnpm --filter starter start [options]

Runs the Hacker News pipeline on a worker and prints its result.

Options:
  --limit <n>          stories to fetch, 1-500 (default 10)
  --list <name>        top, new, best, ask, show or job (default top)
  --top-words <n>      most frequent title words to show, 0-100 (default 10)
  --concurrency <n>    Hacker News requests in flight, 1-200 (default 20)
  --retry <policy>     bounded (default) or forever (the tutorial's behaviour)
  --no-store           do not save the run to the worker's destination
  --id <workflow-id>   workflow id (default ${DEFAULT_WORKFLOW_ID})
  --task-queue <name>  task queue (default ${TASK_QUEUE})
  --json               print the full report as JSON, no progress
  -h, --help           show this help

Connection: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY or a temporal.toml profile.
Exit codes: 0 done, 1 the run failed, 2 bad usage, 4 cannot reach Temporal.`;

/** A bad command line; the message says what to change. */
export class UsageError extends Error {}

/** Parses the command line into a workflow input and output options; throws UsageError. */
export function parseStartArgs(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        limit: { type: 'string' },
        list: { type: 'string' },
        'top-words': { type: 'string' },
        concurrency: { type: 'string' },
        retry: { type: 'string' },
        'no-store': { type: 'boolean', default: false },
        id: { type: 'string', default: DEFAULT_WORKFLOW_ID },
        'task-queue': { type: 'string', default: TASK_QUEUE },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  const number = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value.trim()))
      throw new UsageError(`--${flag} must be a whole number, got "${value}"`);
    return Number(value);
  };
  const input: HackerNewsInput = {
    limit: number('limit', values.limit),
    list: values.list as HackerNewsInput['list'],
    topWords: number('top-words', values['top-words']),
    concurrency: number('concurrency', values.concurrency),
    retry: values.retry as HackerNewsInput['retry'],
    store: values['no-store'] ? false : undefined,
    output: 'report',
  };
  const { problems } = resolveInput(input);
  if (problems.length > 0) {
    // The workflow's own validation, reworded with flag names: one rule set for both.
    throw new UsageError(problems.map((problem) => `--${kebab(problem)}`).join('\n'));
  }
  if (!values.id.trim()) throw new UsageError('--id must not be empty');
  return {
    input,
    workflowId: values.id,
    taskQueue: values['task-queue'],
    json: values.json,
    help: values.help,
  };
}

/** `topWords must be…` → `top-words must be…`: the option name as its flag. */
function kebab(problem: string): string {
  const [name = '', ...rest] = problem.split(' ');
  return [name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), ...rest].join(' ');
}
